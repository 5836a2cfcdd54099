import { describe, expect, it } from 'vitest';
import { FolderFlagsError, folderModeOf, resultsFolderHint } from '../folder-flags.js';

describe('folderModeOf', () => {
  it('gives resume with --resume, force with --force, new with neither', () => {
    expect(folderModeOf({ resume: 'results/x' })).toBe('resume');
    expect(folderModeOf({ force: true })).toBe('force');
    expect(folderModeOf({})).toBe('new');
    expect(folderModeOf({ force: false })).toBe('new');
  });

  it('refuses --resume with --force, naming both flags', () => {
    expect(() => folderModeOf({ resume: 'results/x', force: true })).toThrow(FolderFlagsError);
    expect(() => folderModeOf({ resume: 'results/x', force: true })).toThrow(
      /--resume continues a run and --force starts one over/,
    );
  });
});

describe('resultsFolderHint', () => {
  it('names --resume with the folder and --force', () => {
    expect(resultsFolderHint('out/run')).toMatch(/--resume out\/run, or start over with --force/);
  });
});
