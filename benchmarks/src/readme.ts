/**
 * `npm run readme -w benchmarks -- BENCH_JSON README_MD`: rewrites the
 * performance tables of a README (between `<!-- bench:start -->` and
 * `<!-- bench:end -->`) from the JSON written by `npm run bench -- --write`.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Command } from 'commander';
import { type BenchReport, writeReadmeTable } from './readme-table.js';

const program = new Command('readme')
  .argument('<json>', 'bench results written by npm run bench -- --write FILE')
  .argument('<readme>', 'Markdown file with the bench markers')
  .parse();
const [json, readme] = program.args.map((f) =>
  path.resolve(process.env.INIT_CWD ?? process.cwd(), f),
);
writeReadmeTable(readme!, JSON.parse(readFileSync(json!, 'utf8')) as BenchReport);
console.log(`${readme}: performance tables rewritten from ${json}`);
