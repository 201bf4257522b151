// Cutting JSON text into top-level values as it arrives, so a log is parsed one value at a time
// and never held whole.
import { EventLogReadError } from './event-log-read-error.js';

const SKIP = Symbol('skip');

/** Cuts the text of a JSON array into its top-level elements as it arrives. */
export class ArraySplitter {
  private depth = 0;
  private inString = false;
  private escaped = false;
  private started = false;
  private closed = false;
  private element = '';
  private line = 1;
  private elementLine = 1;

  push(text: string, out: unknown[]): void {
    if (this.closed) {
      this.checkTrailing(text, 0);
      return;
    }
    let from = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) this.line++;
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (c === 92) this.escaped = true;
        else if (c === 34) this.inString = false;
        continue;
      }
      if (c === 34) {
        this.inString = true;
      } else if (c === 123 || c === 91) {
        if (!this.started) {
          if (c !== 91) throw new EventLogReadError('expected a JSON array', this.line);
          this.started = true;
          from = i + 1;
          this.elementLine = this.line;
          continue;
        }
        this.depth++;
      } else if (c === 125 || c === 93) {
        if (this.depth === 0 && c === 93) {
          this.element += text.slice(from, i);
          const value = this.flush();
          if (value !== SKIP) out.push(value);
          this.closed = true;
          this.checkTrailing(text, i + 1);
          from = text.length;
          break;
        }
        this.depth--;
      } else if (c === 44 && this.depth === 0) {
        this.element += text.slice(from, i);
        const value = this.flush();
        if (value === SKIP) throw new EventLogReadError('empty array element', this.line);
        out.push(value);
        from = i + 1;
        this.elementLine = this.line;
      }
    }
    if (!this.closed) this.element += text.slice(from);
  }

  /** Only whitespace may follow the closing bracket. */
  private checkTrailing(text: string, from: number): void {
    const rest = text.slice(from);
    const at = rest.search(/\S/);
    const newlines = (end: number): number => rest.slice(0, end).split('\n').length - 1;
    if (at >= 0) {
      throw new EventLogReadError('unexpected content after the JSON array', this.line + newlines(at));
    }
    this.line += newlines(rest.length);
  }

  end(): void {
    if (!this.closed) throw new EventLogReadError('the JSON array is not closed', this.line);
  }

  private flush(): unknown {
    const text = this.element;
    this.element = '';
    if (text.trim() === '') return SKIP;
    try {
      return JSON.parse(text) as unknown;
    } catch (error) {
      // The element's own line: the text cut at the comma may start with line breaks.
      const line = this.elementLine + text.slice(0, text.search(/\S/)).split('\n').length - 1;
      throw new EventLogReadError((error as Error).message, line);
    }
  }
}

/**
 * Cuts a sequence of pretty-printed JSON objects (or arrays), separated by whitespace, into its
 * values as the text arrives: a value ends where its opening bracket is closed.
 */
export class DocumentSplitter {
  private depth = 0;
  private inString = false;
  private escaped = false;
  private element = '';
  private line = 1;
  private elementLine = 1;

  push(text: string, out: unknown[]): void {
    let from = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) this.line++;
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (c === 92) this.escaped = true;
        else if (c === 34) this.inString = false;
        continue;
      }
      if (this.depth === 0) {
        if (c === 32 || c === 9 || c === 10 || c === 13) continue;
        if (c !== 123 && c !== 91) throw new EventLogReadError('expected a JSON object', this.line);
        this.depth = 1;
        this.elementLine = this.line;
        from = i;
      } else if (c === 34) {
        this.inString = true;
      } else if (c === 123 || c === 91) {
        this.depth++;
      } else if ((c === 125 || c === 93) && --this.depth === 0) {
        out.push(this.flush(text.slice(from, i + 1)));
      }
    }
    if (this.depth > 0) this.element += text.slice(from);
  }

  end(): void {
    if (this.depth > 0) throw new EventLogReadError('the JSON object is not closed', this.elementLine);
  }

  private flush(tail: string): unknown {
    const text = this.element + tail;
    this.element = '';
    try {
      return JSON.parse(text) as unknown;
    } catch (error) {
      throw new EventLogReadError((error as Error).message, this.elementLine);
    }
  }
}
