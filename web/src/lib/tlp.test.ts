import { describe, expect, it } from 'vitest';
import { tlpClass, tlpText } from './tlp';

describe('TLP labels', () => {
  it('uses the FIRST TLP 2.0 label text', () => {
    expect(tlpText('red')).toBe('TLP:RED');
    expect(tlpText('amber+strict')).toBe('TLP:AMBER+STRICT');
    expect(tlpText('clear')).toBe('TLP:CLEAR');
  });
  it('maps each level to its colour class', () => {
    expect(tlpClass('amber+strict')).toBe('tlp-amber-strict');
    expect(tlpClass('green')).toBe('tlp-green');
    expect(tlpClass('white')).toBe('tlp-unknown');
  });
});
