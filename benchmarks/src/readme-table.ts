import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { AtariResult } from './atari.js';
import type { EnvRates } from './envs.js';
import type { MazeRates } from './mazes.js';

const START = '<!-- bench:start -->';
const END = '<!-- bench:end -->';

/** The fields of the bench JSON that the README table shows. */
export interface BenchReport {
  machine: { cpu: string; cores: number; runtime: string };
  /** The @pathnet/kernels variant of the run (absent in reports from before it was recorded). */
  kernelsVariant?: string;
  reference:
    | {
        results: Array<{
          case: string;
          threads: number;
          steps_per_s?: number;
          gflops?: number;
          torch: string;
        }>;
      }
    | { skipped: string };
  rates: Array<{ path: string; singleMnist: number; singleDense: number; population64: number }>;
  stepMflops: number;
  transfer: { wallSeconds: number; backend: string; generations: Record<string, number> } | null;
  memory: Array<{
    engine: string;
    backend: string;
    steps: number;
    rssAt50MiB: number;
    rssAt500MiB: number;
    growth: number;
  }>;
  atari: AtariResult | null;
  envs: EnvRates | null;
  /** Absent in reports written before the maze environments. */
  mazes?: MazeRates | null;
}

function best(
  report: BenchReport,
  c: string,
): { v: number; threads: number; torch: string } | null {
  if (!('results' in report.reference)) return null;
  let out: { v: number; threads: number; torch: string } | null = null;
  for (const r of report.reference.results) {
    const v = r.case === 'peak' ? r.gflops : r.steps_per_s;
    if (r.case === c && v !== undefined && (out === null || v > out.v))
      out = { v, threads: r.threads, torch: r.torch };
  }
  return out;
}

/** Markdown tables of a bench report (what the README shows between its bench markers). */
export function benchMarkdown(report: BenchReport): string {
  const single = best(report, 'single');
  const pop = best(report, 'pop');
  const peak = best(report, 'peak');
  const x = (v: number, ref: { v: number } | null) => (ref ? `${(v / ref.v).toFixed(2)}×` : 'n/a');
  const lines = [
    `Measured by \`npm run bench\` on ${report.machine.cpu} (${report.machine.cores} cores), ${report.machine.runtime}` +
      (report.kernelsVariant ? `, @pathnet/kernels variant ${report.kernelsVariant}; ` : '; ') +
      (single
        ? `PyTorch ${single.torch} CPU measured in the same run, best of 1 and 2 threads.`
        : 'no PyTorch reference in this run.'),
    '',
    '| path | pathway steps/s (noisy MNIST) | (dense inputs) | 64 pathways, steps/s | vs PyTorch single | vs PyTorch 64 | % of GEMM peak (64) |',
    '|---|---:|---:|---:|---:|---:|---:|',
  ];
  for (const r of report.rates) {
    const gflops = (r.population64 * 64 * report.stepMflops) / 1e3;
    lines.push(
      `| ${r.path} | ${r.singleMnist.toFixed(0)} | ${r.singleDense.toFixed(0)} | ${r.population64.toFixed(1)} | ${x(r.singleMnist, single)} | ${x(r.population64, pop)} | ${peak ? `${((100 * gflops) / peak.v).toFixed(1)}%` : 'n/a'} |`,
    );
  }
  if (single && pop) {
    lines.push(
      `| PyTorch CPU | ${single.v.toFixed(0)} (${single.threads} thr.) | | ${pop.v.toFixed(1)} (${pop.threads} thr.) | 1× | 1× | |`,
    );
  }
  if (peak)
    lines.push('', `GEMM peak (PyTorch, ${peak.threads} thread(s)): ${peak.v.toFixed(1)} GFLOP/s.`);
  if (report.transfer) {
    lines.push(
      '',
      `One full binary-MNIST transfer run (A 5v6 until 0.998 or the 500-generation cap, then B 7v8 under pathnet, independent, fine-tune; 1 seed; backend ${report.transfer.backend}): **${report.transfer.wallSeconds.toFixed(1)} s** (generations ${Object.entries(
        report.transfer.generations,
      )
        .map(([k, v]) => `${k} ${v}`)
        .join(', ')}).`,
    );
  }
  for (const m of report.memory) {
    lines.push(
      '',
      `RSS, ${m.engine} engine on ${m.backend}, P=64, T=${m.steps}: ${m.rssAt50MiB.toFixed(1)} MiB at generation 50, ${m.rssAt500MiB.toFixed(1)} MiB at 500 (growth ${(100 * m.growth).toFixed(2)}%).`,
    );
  }
  if (report.atari) {
    const ref = 'stepsPerS' in report.atari.reference ? report.atari.reference : null;
    lines.push(
      '',
      '| Atari pathway step (B=20, 3 conv + dense 50, N=4, RMSProp, clip 40) | steps/s | GFLOP/s | vs PyTorch |',
      '|---|---:|---:|---:|',
    );
    for (const r of report.atari.paths) {
      lines.push(
        `| ${r.path} | ${r.stepsPerS.toFixed(1)} | ${r.gflops.toFixed(1)} | ${ref ? `${(r.stepsPerS / ref.stepsPerS).toFixed(2)}×` : 'n/a'} |`,
      );
    }
    if (ref)
      lines.push(
        `| PyTorch CPU (${ref.threads} thr.) | ${ref.stepsPerS.toFixed(1)} | ${ref.gflops.toFixed(1)} | 1× |`,
      );
  }
  if (report.envs) {
    lines.push('', '| environment (random agent) | frames/s |', '|---|---:|');
    const rows = [
      ...report.envs.minatar,
      ...(Array.isArray(report.envs.ale) ? report.envs.ale : []),
    ];
    for (const r of rows)
      lines.push(`| ${r.env} | ${Math.round(r.framesPerS).toLocaleString('en')} |`);
    for (const r of report.envs.alePython ?? []) {
      lines.push(
        `| Python ale-py direct, Pong, ${r.obs} (same run) | ${Math.round(r.framesPerS).toLocaleString('en')} |`,
      );
    }
  }
  if (report.mazes) {
    const m = report.mazes;
    const at = (id: string, size: number) =>
      m.envs.find((e) => e.env === id && e.size === size)?.framesPerS ?? Number.NaN;
    lines.push(
      '',
      '| first-person maze (random agent) | frames/s 84×84 | frames/s 42×42 | env ms/frame (84) | network ms/frame | env ÷ network |',
      '|---|---:|---:|---:|---:|---:|',
    );
    for (const r of m.ratios) {
      lines.push(
        `| ${r.env} | ${Math.round(at(r.env, 84)).toLocaleString('en')} | ${Math.round(at(r.env, 42)).toLocaleString('en')} | ${r.envMs.toFixed(3)} | ${r.networkMs.toFixed(3)} | ${r.ratio.toFixed(3)} |`,
      );
    }
    lines.push(
      '',
      `Network: \`PathNet\` with \`presets.labyrinth()\` on an RGB frame \`[84, 84, 3]\`, fused engine, 1 thread, one forward pass (batch 1) per frame: ${m.networkForwardsPerS.toFixed(0)} frames/s.`,
    );
  }
  return lines.join('\n');
}

/**
 * Replaces the text between `<!-- bench:start -->` and `<!-- bench:end -->`
 * in `file` with the tables of `report`, atomically (temporary file + rename).
 * @throws {Error} if the markers are missing.
 */
export function writeReadmeTable(file: string, report: BenchReport): void {
  const text = readFileSync(file, 'utf8');
  const a = text.indexOf(START);
  const b = text.indexOf(END);
  if (a < 0 || b < a) throw new Error(`${file}: expected the markers ${START} … ${END}`);
  const next = `${text.slice(0, a + START.length)}\n${benchMarkdown(report)}\n${text.slice(b)}`;
  const tmp = `${file}.tmp-${process.pid}`;
  writeFileSync(tmp, next);
  renameSync(tmp, file);
}
