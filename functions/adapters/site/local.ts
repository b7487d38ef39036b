/**
 * The public site offline: a folder (`DATA_DIR/public/`, kept across restarts) or memory (tests, and
 * `npm start` with no DATA_DIR). The bot port serves either at `/public/` (local/server.ts). Only the
 * site's own paths can be written or read (files.ts), so nothing outside the folder is ever touched.
 */
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { randomUUID } from 'node:crypto';
import { dirname, join, resolve, sep } from 'node:path';
import type { PublicSite, SiteChanges } from '../../ports/public-site.ts';
import { applyInOrder, checkSitePath } from './files.ts';

export class FolderPublicSite implements PublicSite {
  readonly dir: string;

  constructor(dir: string) {
    this.dir = resolve(dir);
  }

  private file(pathInput: string): string {
    const file = join(this.dir, checkSitePath(pathInput));
    // files.ts allows no `..` and no absolute path; this is the belt to those braces.
    if (!file.startsWith(this.dir + sep)) throw new RangeError(`outside the site folder: ${pathInput}`);
    return file;
  }

  async read(path: string): Promise<string | null> {
    try {
      return await readFile(this.file(path), 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
  }

  /** Written beside the target and renamed over it: a reader sees the old file or the new one, never half. */
  async write(path: string, content: string): Promise<void> {
    const file = this.file(path);
    await mkdir(dirname(file), { recursive: true });
    const tmp = `${file}.${randomUUID()}.tmp`;
    try {
      await writeFile(tmp, content, 'utf8');
      await rename(tmp, file);
    } catch (err) {
      await rm(tmp, { force: true });
      throw err;
    }
  }

  async remove(path: string): Promise<void> {
    await rm(this.file(path), { force: true });
  }

  apply(changes: SiteChanges): Promise<{ written: string[]; removed: string[] }> {
    return applyInOrder(this, changes);
  }
}

export class MemoryPublicSite implements PublicSite {
  private readonly files = new Map<string, string>();

  async read(path: string): Promise<string | null> {
    return this.files.get(checkSitePath(path)) ?? null;
  }

  async write(path: string, content: string): Promise<void> {
    this.files.set(checkSitePath(path), content);
  }

  async remove(path: string): Promise<void> {
    this.files.delete(checkSitePath(path));
  }

  apply(changes: SiteChanges): Promise<{ written: string[]; removed: string[] }> {
    return applyInOrder(this, changes);
  }

  /** Every path stored, sorted (for tests and diagnostics). */
  paths(): string[] {
    return [...this.files.keys()].sort();
  }
}
