// CSV as spreadsheets and form tools export it (RFC 4180): fields separated by commas, records by
// CRLF or LF; a field in double quotes may hold commas, line breaks and doubled quotes ("").
// A byte-order mark at the start is dropped. Each record keeps the line it starts on, so errors
// can point at the row a person sees in their editor.

export interface CsvRecord {
  /** 1-based line of the file where the record starts. */
  line: number;
  fields: string[];
}

export class CsvSyntaxError extends Error {
  override name = "CsvSyntaxError";
  constructor(
    readonly line: number,
    what: string,
  ) {
    super(`line ${line}: ${what}`);
  }
}

/** Splits CSV text into records. Blank lines between records are skipped. */
export function parseCsv(text: string): CsvRecord[] {
  const input = text.startsWith("\uFEFF") ? text.slice(1) : text;
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = "";
  let line = 1;
  let recordLine = 1;
  let quoted = false;
  /** The current field started with a quote and that quote closed: only a separator may follow. */
  let closed = false;
  let quoteLine = 1;
  const endRecord = (): void => {
    fields.push(field);
    // A line with nothing on it is not a record (editors often leave one at the end).
    if (!(fields.length === 1 && fields[0] === "" && !closed)) records.push({ line: recordLine, fields });
    fields = [];
    field = "";
    closed = false;
  };
  for (let i = 0; i < input.length; i++) {
    const c = input.charAt(i);
    if (quoted) {
      if (c === '"') {
        if (input.charAt(i + 1) === '"') {
          field += '"';
          i++;
        } else {
          quoted = false;
          closed = true;
        }
      } else {
        if (c === "\n") line++;
        field += c;
      }
      continue;
    }
    if (c === ",") {
      fields.push(field);
      field = "";
      closed = false;
    } else if (c === "\r" || c === "\n") {
      if (c === "\r" && input.charAt(i + 1) === "\n") i++;
      endRecord();
      line++;
      recordLine = line;
    } else if (c === '"') {
      if (field !== "" || closed) throw new CsvSyntaxError(line, 'a double quote inside an unquoted field (put the whole field in quotes and write a quote as "")');
      quoted = true;
      quoteLine = line;
    } else {
      if (closed) throw new CsvSyntaxError(line, "text after a closing double quote (a quote inside a quoted field is written as \"\")");
      field += c;
    }
  }
  if (quoted) throw new CsvSyntaxError(quoteLine, "a double quote opened here is never closed");
  if (field !== "" || fields.length > 0 || closed) endRecord();
  return records;
}
