import { render } from 'preact';
import { App, parseRoute } from './components/app.tsx';
import './styles.css';

const root = document.getElementById('app');
if (root !== null) {
  root.replaceChildren();
  render(<App route={parseRoute(window.location)} />, root);
}
