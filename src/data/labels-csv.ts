/**
 * Reading `file,label` CSV files.
 * @module
 */
import { ArgumentError } from '../errors.js';

/**
 * Parses `file,label` rows (RFC 4180 quoting, optional `file,label` header, blank lines and `#`
 * comments ignored). Labels become folder names, so they may not contain path separators.
 * @param origin names the CSV in error messages.
 */
export function parseLabelsCsv(text: string, origin = 'labels CSV'): { file: string; label: string }[] {
  const rows = parseCsv(text);
  const out: { file: string; label: string }[] = [];
  rows.forEach((fields, i) => {
    if (fields.length === 1 && fields[0]!.trim() === '') return;
    if (fields[0]!.trim().startsWith('#')) return;
    if (i === 0 && fields[0]!.trim().toLowerCase() === 'file' && fields[1]?.trim().toLowerCase() === 'label') return;
    if (fields.length < 2) throw new ArgumentError(`${origin}: row ${i + 1} has ${fields.length} field, expected file,label`);
    const file = fields[0]!.trim();
    const label = fields[1]!.trim();
    if (file === '' || label === '') throw new ArgumentError(`${origin}: row ${i + 1} has an empty file or label`);
    if (/[/\\]/.test(label) || label === '.' || label === '..') throw new ArgumentError(`${origin}: row ${i + 1}: label '${label}' cannot be a folder name`);
    out.push({ file, label });
  });
  return out;
}

function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}
