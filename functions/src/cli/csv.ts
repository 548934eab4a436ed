import { invalid } from '../errors';

export interface CsvRecord {
  /** 1-based line number where the record starts (the header is line 1). */
  line: number;
  fields: string[];
}

/**
 * RFC 4180 reader: comma separators, double-quoted fields with "" for a quote, line breaks inside quotes, LF or
 * CRLF endings, an optional UTF-8 byte-order mark. Blank lines are skipped.
 */
export function parseCsv(text: string, fileName: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  while (i < text.length) {
    const start = line;
    const fields: string[] = [];
    let field = '';
    let endOfRecord = false;
    while (!endOfRecord) {
      if (text[i] === '"') {
        i++;
        for (;;) {
          if (i >= text.length) throw invalid(`${fileName}:${start}: a quoted field is not closed`);
          const ch = text[i]!;
          if (ch === '"') {
            if (text[i + 1] === '"') {
              field += '"';
              i += 2;
              continue;
            }
            i++;
            break;
          }
          if (ch === '\n') line++;
          field += ch;
          i++;
        }
        const next = text[i];
        if (next !== undefined && next !== ',' && next !== '\n' && next !== '\r') {
          throw invalid(`${fileName}:${line}: unexpected text after a closing quote`);
        }
      } else {
        while (i < text.length && text[i] !== ',' && text[i] !== '\n' && text[i] !== '\r') {
          if (text[i] === '"') throw invalid(`${fileName}:${line}: a quote inside an unquoted field`);
          field += text[i];
          i++;
        }
      }
      fields.push(field);
      field = '';
      if (text[i] === ',') {
        i++;
      } else {
        if (text[i] === '\r') i++;
        if (text[i] === '\n') i++;
        line++;
        endOfRecord = true;
      }
    }
    if (!(fields.length === 1 && fields[0] === '')) records.push({ line: start, fields });
  }
  return records;
}

/** Records as objects keyed by header name, checking the header against the known columns. */
export function readTable(
  text: string,
  fileName: string,
  columns: { required: readonly string[]; optional: readonly string[] },
): Array<{ line: number; get: (column: string) => string }> {
  const records = parseCsv(text, fileName);
  const header = records.shift();
  if (header === undefined) throw invalid(`${fileName}: the file is empty (a header row is required)`);
  const names = header.fields.map((f) => f.trim().toLowerCase());
  const known = new Set([...columns.required, ...columns.optional]);
  names.forEach((name, index) => {
    if (!known.has(name)) throw invalid(`${fileName}:1: column ${index + 1} "${name}" is not a known column`);
    if (names.indexOf(name) !== index) throw invalid(`${fileName}:1: column "${name}" appears twice`);
  });
  for (const required of columns.required) {
    if (!names.includes(required))
      throw invalid(`${fileName}:1: the required column "${required}" is missing`);
  }
  return records.map((record) => {
    if (record.fields.length !== names.length) {
      throw invalid(
        `${fileName}:${record.line}: expected ${names.length} fields, found ${record.fields.length}`,
      );
    }
    return {
      line: record.line,
      get: (column: string) => {
        const at = names.indexOf(column);
        return at === -1 ? '' : record.fields[at]!.trim();
      },
    };
  });
}
