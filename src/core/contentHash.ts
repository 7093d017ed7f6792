// How DVC and Git LFS name a file's content, computed as the bytes stream by: DVC 3's md5 of the
// raw bytes, DVC 2's md5 of text with CRLF turned into LF (dvc-data's "md5-dos2unix": a file is
// text when its first 512 bytes hold no NUL and at most 30% other than printable ASCII and
// \n \r \t \f \b, as istextblock decides), and LFS's sha256. Pure: the caller feeds the chunks.
import { createHash, type Hash } from 'node:crypto';

/** What one pass over a file gives. */
export interface FileHashes {
  size: number;
  /** md5 of the raw bytes: DVC 3's hash (`hash: md5`). */
  md5: string;
  /** DVC 2's md5: of the dos2unix'd bytes for a text file, of the raw bytes otherwise. */
  md5Dvc2: string;
  /** Whether DVC 2 took the file for text (and so hashed it with CRLF as LF). */
  text: boolean;
  /** Only when asked for (LFS files). */
  sha256?: string;
}

const TEXT_BLOCK = 512;

/** dvc-data's istextblock: empty is text; a NUL, or over 30% non-text bytes, is binary. */
export function isTextBlock(block: Uint8Array): boolean {
  if (block.length === 0) return true;
  let nontext = 0;
  for (const b of block) {
    if (b === 0) return false;
    const text = (b >= 32 && b < 127) || b === 10 || b === 13 || b === 9 || b === 12 || b === 8;
    if (!text) nontext++;
  }
  return nontext / block.length <= 0.3;
}

/** Feeds chunks in order; `digest()` once at the end. */
export class ContentHasher {
  private readonly raw: Hash = createHash('md5');
  private readonly sha: Hash | undefined;
  private readonly dos: Hash = createHash('md5');
  private head: Buffer[] = [];
  private headBytes = 0;
  private text: boolean | undefined;
  /** A chunk that ended in \r: whether the next starts with \n decides what it was. */
  private pendingCr = false;
  private size = 0;

  constructor(withSha256 = false) {
    this.sha = withSha256 ? createHash('sha256') : undefined;
  }

  update(chunk: Uint8Array): void {
    this.size += chunk.length;
    this.raw.update(chunk);
    this.sha?.update(chunk);
    if (this.text === undefined) {
      // Text or not is known after 512 bytes; until then the chunks wait.
      this.head.push(Buffer.from(chunk));
      this.headBytes += chunk.length;
      if (this.headBytes < TEXT_BLOCK) return;
      this.decide();
      return;
    }
    this.feedDos(chunk);
  }

  private decide(): void {
    const all = Buffer.concat(this.head);
    this.text = isTextBlock(all.subarray(0, TEXT_BLOCK));
    this.head = [];
    this.feedDos(all);
  }

  private feedDos(chunk: Uint8Array): void {
    // A binary file's DVC 2 md5 is its md5: no second pass over its bytes.
    if (!this.text) return;
    const buf = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    let start = 0;
    if (this.pendingCr) {
      this.pendingCr = false;
      if (buf[0] !== 10) this.dos.update(Buffer.from([13]));
    }
    let end = buf.length;
    if (end > 0 && buf[end - 1] === 13) {
      this.pendingCr = true;
      end--;
    }
    // Each \r\n becomes \n: copy the runs between them.
    let i = buf.indexOf(13, start);
    while (i !== -1 && i < end) {
      if (buf[i + 1] === 10) {
        this.dos.update(buf.subarray(start, i));
        start = i + 1;
      }
      i = buf.indexOf(13, i + 1);
    }
    this.dos.update(buf.subarray(start, end));
  }

  digest(): FileHashes {
    if (this.text === undefined) this.decide();
    if (this.pendingCr) this.dos.update(Buffer.from([13]));
    const md5 = this.raw.digest('hex');
    const out: FileHashes = { size: this.size, md5, md5Dvc2: this.text ? this.dos.digest('hex') : md5, text: this.text! };
    if (this.sha) out.sha256 = this.sha.digest('hex');
    return out;
  }
}
