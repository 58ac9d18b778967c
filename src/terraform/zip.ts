/**
 * A minimal reader for the zip container of a Terraform/OpenTofu binary plan: reads the central
 * directory itself and inflates entries with node's zlib (stored or deflated; no zip64, no encryption).
 */
import { inflateRawSync } from 'node:zlib';

export interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  size: number;
  localHeaderOffset: number;
}

const EOCD_SIG = 0x06054b50;
const CDIR_SIG = 0x02014b50;
const LOCAL_SIG = 0x04034b50;

export class ZipError extends Error {}

export function looksLikeZip(buf: Buffer): boolean {
  return buf.length >= 4 && buf.readUInt32LE(0) === LOCAL_SIG;
}

/** The entries listed in the central directory. Throws ZipError saying what is wrong. */
export function listZipEntries(buf: Buffer): ZipEntry[] {
  const minEocd = 22;
  if (buf.length < minEocd) throw new ZipError(`too short to be a zip archive (${buf.length} bytes)`);
  let eocd = -1;
  const stop = Math.max(0, buf.length - minEocd - 0xffff);
  for (let i = buf.length - minEocd; i >= stop; i--) {
    if (buf.readUInt32LE(i) === EOCD_SIG) { eocd = i; break; }
  }
  if (eocd < 0) throw new ZipError('no end-of-central-directory record: the zip archive is truncated or not a zip');
  const count = buf.readUInt16LE(eocd + 10);
  const cdirSize = buf.readUInt32LE(eocd + 12);
  const cdirOffset = buf.readUInt32LE(eocd + 16);
  if (cdirOffset === 0xffffffff || count === 0xffff) throw new ZipError('zip64 archives are not supported for plan files');
  if (cdirOffset + cdirSize > buf.length) throw new ZipError(`central directory at byte ${cdirOffset} runs past the end of the file (truncated?)`);
  const entries: ZipEntry[] = [];
  let p = cdirOffset;
  for (let i = 0; i < count; i++) {
    if (p + 46 > buf.length || buf.readUInt32LE(p) !== CDIR_SIG) throw new ZipError(`central directory entry ${i + 1} at byte ${p} is damaged`);
    const method = buf.readUInt16LE(p + 10);
    const compressedSize = buf.readUInt32LE(p + 20);
    const size = buf.readUInt32LE(p + 24);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    const localHeaderOffset = buf.readUInt32LE(p + 42);
    const name = buf.subarray(p + 46, p + 46 + nameLen).toString('utf8');
    entries.push({ name, method, compressedSize, size, localHeaderOffset });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return entries;
}

/** The uncompressed bytes of one entry. */
export function readZipEntry(buf: Buffer, entry: ZipEntry): Buffer {
  const p = entry.localHeaderOffset;
  if (p + 30 > buf.length || buf.readUInt32LE(p) !== LOCAL_SIG) throw new ZipError(`local header of '${entry.name}' at byte ${p} is damaged`);
  const nameLen = buf.readUInt16LE(p + 26);
  const extraLen = buf.readUInt16LE(p + 28);
  const start = p + 30 + nameLen + extraLen;
  const end = start + entry.compressedSize;
  if (end > buf.length) throw new ZipError(`entry '${entry.name}' runs past the end of the file (truncated?)`);
  const data = buf.subarray(start, end);
  if (entry.method === 0) return Buffer.from(data);
  if (entry.method === 8) {
    try {
      return inflateRawSync(data);
    } catch (err) {
      throw new ZipError(`entry '${entry.name}' does not inflate: ${(err as Error).message}`);
    }
  }
  throw new ZipError(`entry '${entry.name}' uses compression method ${entry.method}, which twokey does not read`);
}

/** Entries by name, read lazily. */
export function openZip(buf: Buffer): { names: string[]; read(name: string): Buffer | undefined } {
  const entries = listZipEntries(buf);
  const byName = new Map(entries.map((e) => [e.name, e]));
  return {
    names: entries.map((e) => e.name),
    read(name) {
      const e = byName.get(name);
      return e ? readZipEntry(buf, e) : undefined;
    },
  };
}
