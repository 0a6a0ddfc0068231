import { render } from 'preact';
import { App } from './components/app.tsx';
import { parseRoute } from './routing.ts';
import './styles.css';

const root = document.getElementById('app');
if (root !== null) {
  root.replaceChildren();
  render(<App route={parseRoute(window.location)} />, root);
}
