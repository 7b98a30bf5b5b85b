/** Reads MSI tables with msitools' msiinfo: `msiinfo export` prints a table as tab-separated rows
 * after three header lines (column names, column types, table name + key). */
import { execFileSync } from 'node:child_process';

export type MsiRow = Record<string, string>;

export function msiTable(msi: string, table: string): MsiRow[] {
  const text = execFileSync('msiinfo', ['export', msi, table], { encoding: 'utf8' });
  const lines = text.split(/\r?\n/).filter((line) => line !== '');
  const columns = (lines[0] ?? '').split('\t');
  return lines.slice(3).map((line) => {
    const cells = line.split('\t');
    return Object.fromEntries(columns.map((column, i) => [column, cells[i] ?? '']));
  });
}

export function msiProperty(msi: string, name: string): string | undefined {
  return msiTable(msi, 'Property').find((row) => row['Property'] === name)?.['Value'];
}

export function msiSummary(msi: string): string {
  return execFileSync('msiinfo', ['suminfo', msi], { encoding: 'utf8' });
}
