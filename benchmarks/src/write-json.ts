import { rename, writeFile } from 'node:fs/promises';

/** Writes `value` as JSON to `file` atomically (a temporary file beside it, then a rename). */
export async function writeJsonAtomic(file: string, value: unknown): Promise<void> {
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, `${JSON.stringify(value, null, 2)}\n`);
  await rename(tmp, file);
}
