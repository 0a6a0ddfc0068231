import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  abbreviatedPrecinctName,
  nameSimilarity,
  precinctCode,
  simplifyPrecinctName,
  subPrecinctBase,
  trailingNumber,
} from './precinct-names.ts';

describe('precinct names', () => {
  it('simplifies prefixes, converted punctuation and leading zeros', () => {
    assert.equal(simplifyPrecinctName('PREC 1030 - L_M_ SMITH MI'), '1030 L M SMITH MI');
    assert.equal(simplifyPrecinctName('0040 E_MEMORIAL CHRISTIAN'), '40 E MEMORIAL CHRISTIAN');
    assert.equal(
      simplifyPrecinctName('Fellowship Baptist#1'),
      simplifyPrecinctName('FELLOWSHIP BAPTIST #1'),
    );
    assert.notEqual(simplifyPrecinctName('PRECINCT 10'), simplifyPrecinctName('PRECINCT 100'));
  });

  it('reduces abbreviations to one spelling', () => {
    assert.equal(
      abbreviatedPrecinctName('BETHEL BAPTIST CHURCH'),
      abbreviatedPrecinctName('BETHEL BAPT_ CH_'),
    );
    assert.equal(
      abbreviatedPrecinctName('WILLS VALLEY REC CENTER'),
      abbreviatedPrecinctName('WILLS VALLEY REC CTR'),
    );
    assert.notEqual(
      abbreviatedPrecinctName('OAK GROVE CHURCH'),
      abbreviatedPrecinctName('OAK HILL CHURCH'),
    );
  });

  it('reads codes, sub-precinct bases and trailing numbers', () => {
    assert.equal(precinctCode('PREC 0101 - HUNT'), '101');
    assert.equal(precinctCode('ABSENTEE'), null);
    assert.equal(subPrecinctBase('101 LEO DRUM THEATER/HUNT #4'), '101 LEO DRUM THEATER HUNT');
    assert.equal(subPrecinctBase('RAINSVILLE'), null);
    assert.equal(trailingNumber('RAINSVILLE #2'), '2');
    assert.equal(trailingNumber('RAINSVILLE 2'), '2');
    assert.equal(trailingNumber('RAINSVILLE'), null);
  });

  it('scores near spellings high and different places low', () => {
    assert.ok(nameSimilarity('CREEKWORD CH OF CHRIST', 'CREEKWOOD CHURCH OF CHRIST') > 0.8);
    assert.ok(nameSimilarity('SATSUMA HIGH SCHOOL', 'TILLMANS CORNER COMM') < 0.3);
    assert.equal(nameSimilarity('', 'X'), 0);
  });
});
