import fs from 'node:fs';
import path from 'node:path';
import { type BenchReport } from './types';

export const resultsDir = path.resolve(__dirname, '..', 'results');

export function resultPath(name: string): string {
  return path.join(resultsDir, `${name}.json`);
}

export function writeReport(report: BenchReport): string {
  fs.mkdirSync(resultsDir, { recursive: true });
  const file = resultPath(report.benchmark);
  fs.writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  return file;
}

export function readReport(name: string): BenchReport | undefined {
  const file = resultPath(name);
  if (!fs.existsSync(file)) return undefined;
  return JSON.parse(fs.readFileSync(file, 'utf8')) as BenchReport;
}
