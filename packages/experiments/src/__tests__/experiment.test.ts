import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runExperiment } from '../experiment.js';
import { CONDITIONS, planTransfer } from '../plan.js';
import { loadResults, newResults, ResumeError } from '../results.js';
import type { ProgressEvent, SeedRecord, TransferJob } from '../schedule.js';
import { type Summary, summarise } from '../summary.js';
import { tinySettings, tinyTaskA, tinyTaskB } from './tiny-protocol.js';

const settings = tinySettings;
const taskA = tinyTaskA;
const taskB = tinyTaskB;
const jobs = (seeds: number[]): TransferJob[] =>
  seeds.map((seed) => ({ plan: planTransfer(seed, taskA, taskB), settings }));
const summary = (records: readonly SeedRecord[]) =>
  summarise(records, settings.conditions, { maxGenerations: 3, maxModules: 9 });
const FORMAT = 'test/results@1';

describe('runExperiment', () => {
  it('reports progress events, writes every record, and a resumed run adds only the missing seeds', async () => {
    const out = mkdtempSync(path.join(tmpdir(), 'experiments-'));
    const events: ProgressEvent[] = [];
    const first = await runExperiment({
      out,
      results: newResults(FORMAT, { seeds: 1 }),
      jobs: jobs([1]),
      summarise: summary,
      events: { progress: (e) => events.push(e) },
    });
    expect(first.complete).toBe(true);
    expect(new Set(events.map((e) => e.phase))).toEqual(
      new Set(['task A', ...settings.conditions.map((c) => `task B ${c}`)]),
    );
    expect(events.every((e) => e.seed === 1 && e.generation >= 1)).toBe(true);
    const saved = JSON.parse(readFileSync(path.join(out, 'results.json'), 'utf8'));
    expect(saved.seeds).toHaveLength(1);
    expect(saved.seeds[0].taskA).toEqual(taskA);
    expect(Object.keys(saved.seeds[0].conditions)).toEqual([...CONDITIONS]);

    const resumed = await runExperiment({
      out,
      results: await loadResults<unknown, Summary>(out, FORMAT),
      jobs: jobs([1, 2]),
      summarise: summary,
    });
    expect(resumed.seeds.map((r) => r.seed)).toEqual([1, 2]);
    expect(resumed.seeds[0]).toEqual(saved.seeds[0]);
    expect(resumed.summary?.seeds).toBe(2);
  }, 120_000);

  it('refuses to resume from a file of another format, naming both formats', async () => {
    const out = mkdtempSync(path.join(tmpdir(), 'experiments-format-'));
    await runExperiment({
      out,
      results: newResults(FORMAT, {}),
      jobs: [],
      summarise: summary,
    });
    await expect(loadResults(out, 'other/results@1')).rejects.toThrow(ResumeError);
    await expect(loadResults(out, 'other/results@1')).rejects.toThrow(
      /has format "test\/results@1", expected "other\/results@1"/,
    );
  });

  it('refuses a resumed file whose records are not the jobs of the settings, naming the record, before anything is written', async () => {
    const out = mkdtempSync(path.join(tmpdir(), 'experiments-records-'));
    await runExperiment({
      out,
      results: newResults(FORMAT, { seeds: 1 }),
      jobs: jobs([1]),
      summarise: summary,
    });
    const file = path.join(out, 'results.json');
    const written = readFileSync(file, 'utf8');
    const resume = async (edit: (records: SeedRecord[]) => SeedRecord[]) => {
      const results = await loadResults<unknown, Summary>(out, FORMAT);
      results.seeds = edit(results.seeds);
      return runExperiment({ out, results, jobs: jobs([1, 2]), summarise: summary });
    };
    const [record] = JSON.parse(written).seeds as SeedRecord[];
    // A seed outside the settings' range (seeds 1 and 2).
    await expect(resume((r) => [...r, { ...record!, seed: 99 }])).rejects.toThrow(
      /results\.json: record 2 \(seed 99\) is not one of the 2 jobs of the settings \(seed 1 … seed 2\)/,
    );
    await expect(resume((r) => [...r, { ...record! }])).rejects.toThrow(
      /record 2 \(seed 1\) repeats record 1/,
    );
    // A record without conditions counted no longer as finished.
    await expect(resume(() => [{ ...record!, conditions: {} }])).rejects.toThrow(
      /record 1 \(seed 1\) does not fit the settings: it lacks the conditions pathnet, independent, fine-tune/,
    );
    await expect(resume(() => [{ ...record!, conditions: {} }])).rejects.toThrow(ResumeError);
    expect(readFileSync(file, 'utf8')).toBe(written);
  }, 120_000);
});
