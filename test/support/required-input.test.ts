import { describe, expect, it } from 'vitest';
import { fileInput, missingInputFails, missingInputMessage } from './required-input.js';

describe('required inputs', () => {
  it('fail under any non-empty CI, and may skip elsewhere', () => {
    expect(missingInputFails({ CI: 'true' })).toBe(true);
    expect(missingInputFails({ CI: '1' })).toBe(true);
    expect(missingInputFails({ CI: '' })).toBe(false);
    expect(missingInputFails({})).toBe(false);
  });

  it('name what is missing and how to provide it', () => {
    const input = fileInput('the samples', '/nowhere/samples', 'check them out beside the project');
    expect(input.present).toBe(false);
    expect(missingInputMessage(input)).toBe('the samples at /nowhere/samples is missing: check them out beside the project');
    expect(fileInput('this file', import.meta.filename, '').present).toBe(true);
  });
});
