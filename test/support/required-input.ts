/**
 * Tests that need an input from outside the checkout: a file under
 * ../shared, or a server the environment names. When it is missing, on a
 * developer's machine the tests are skipped with a warning; under CI (any
 * non-empty CI variable) the block is one failing test naming the input
 * and how to provide it, so that a missing input is never a silent pass.
 */
import { existsSync } from 'node:fs';
import { describe, it } from 'vitest';

export interface RequiredInput {
  /** What is needed, as a message names it, e.g. "MO's schema at ../shared/mo/schema-v29.graphql". */
  name: string;
  present: boolean;
  /** How to provide it, e.g. 'start one with: eval "$(bash .ci/ftp/start-vsftpd.sh)"'. */
  fix: string;
}

/** Under CI a missing input fails; the test runner's CI variable, any non-empty value. */
export function missingInputFails(environment: Record<string, string | undefined> = process.env): boolean {
  return (environment['CI'] ?? '') !== '';
}

/** A file or folder the tests read. */
export function fileInput(name: string, path: string, fix: string): RequiredInput {
  return { name: `${name} at ${path}`, present: existsSync(path), fix };
}

/** The message a missing input gives, the same whether it skips or fails. */
export function missingInputMessage(input: RequiredInput): string {
  return `${input.name} is missing: ${input.fix}`;
}

/**
 * `describe(title, body)` when the input is there. Otherwise under CI one
 * failing test in its place, and elsewhere the block skipped with a warning.
 */
export function describeWithInput(input: RequiredInput, title: string, body: () => void): void {
  if (input.present) {
    describe(title, body);
    return;
  }
  const message = missingInputMessage(input);
  if (missingInputFails()) {
    describe(title, () => {
      it('has its input', () => {
        throw new Error(message);
      });
    });
    return;
  }
  console.warn(`skipped "${title}": ${message}`);
  describe.skip(title, body);
}
