/**
 * PGlite is one process's database: two processes on one data directory would corrupt it.
 * A lock file holding the owner's pid stops the second one with a clear message.
 */
import fs from 'node:fs';
import path from 'node:path';

export class DataDirInUseError extends Error {
  override readonly name = 'DataDirInUseError';
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Takes the lock or throws; returns a function that releases it. */
export function lockDataDir(dataDir: string): () => void {
  const file = path.join(dataDir, '.lifeline.lock');
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      fs.writeFileSync(file, String(process.pid), { flag: 'wx' });
      return () => fs.rmSync(file, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number.parseInt(fs.readFileSync(file, 'utf8'), 10);
      if (Number.isInteger(owner) && owner !== process.pid && isAlive(owner)) {
        throw new DataDirInUseError(
          `The data directory ${dataDir} is in use by another Lifeline process (pid ${owner}); stop it first or set DATA_DIR`,
        );
      }
      fs.rmSync(file, { force: true }); // left by a process that died
    }
  }
  throw new DataDirInUseError(`Could not lock the data directory ${dataDir}`);
}
