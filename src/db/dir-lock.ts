import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";

/**
 * Only one process may open a PGlite data directory: two would each keep their own buffers and write the same
 * files, and the second's writes (a `duban tick` or `duban plan load` beside a running service) could corrupt
 * the first's. A lock file beside the directory (`<dir>.lock`, holding its owner's pid) is taken before the
 * directory is opened or created and removed when it is closed; one left by a process that is gone (killed,
 * crashed) is taken over. Beside, not inside: a first start fills an empty directory by renaming a whole one.
 */
export class DataDirInUse extends Error {
  constructor(
    readonly dir: string,
    readonly pid: number,
  ) {
    super(
      `the embedded database ${dir} is in use by process ${pid}: stop it first (only one process may open it), ` +
        "or set DATABASE_URL to a Postgres server, which any number of processes may share",
    );
    this.name = "DataDirInUse";
  }
}

/** Takes the directory's lock; returns its release. Throws DataDirInUse while another live process holds it. */
export function lockDataDir(dir: string): () => void {
  const file = `${resolve(dir)}.lock`;
  mkdirSync(dirname(file), { recursive: true });
  for (let attempt = 0; ; attempt++) {
    try {
      writeFileSync(file, `${process.pid}\n`, { flag: "wx" });
      return () => release(file);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST" || attempt > 0) throw err;
    }
    const owner = ownerOf(file);
    if (owner !== undefined && alive(owner)) throw new DataDirInUse(dir, owner);
    rmSync(file, { force: true });
  }
}

function ownerOf(file: string): number | undefined {
  try {
    const pid = Number.parseInt(readFileSync(file, "utf8"), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** Another process with this pid exists. Our own pid in the file is a lock our earlier life left (a container's pid 1). */
function alive(pid: number): boolean {
  if (pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

function release(file: string): void {
  if (ownerOf(file) === process.pid) rmSync(file, { force: true });
}
