// The launcher's record of the processes it started, in the data folder (processes.json), so that
// a start after a launcher killed with SIGKILL stops exactly what that launcher left running.
// A process is named by its pid *and* its start time (/proc/<pid>/stat, field 22): a pid that
// was reused by another program since has another start time and is never signalled.
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

function procStat(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) is in parentheses and may contain spaces and parentheses.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { state: fields[0], startTime: fields[19] }; // fields[0] is field 3, fields[19] field 22
  } catch {
    return null;
  }
}

/** The start time of a running process in clock ticks since boot, or null if there is none. */
export function startTimeOf(pid) {
  return procStat(pid)?.startTime ?? null;
}

/** True while the very process that was recorded runs (a zombie counts as gone). */
export function isSameProcess({ pid, startTime }) {
  const stat = pid && startTime ? procStat(pid) : null;
  return stat !== null && stat.startTime === startTime && stat.state !== 'Z';
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** SIGTERM (or `signal`), then SIGKILL after `graceMs`; resolves once the process is gone. */
export async function stopProcess(entry, { signal = 'SIGTERM', graceMs = 10_000 } = {}) {
  if (!isSameProcess(entry)) return false;
  try {
    process.kill(entry.pid, signal);
  } catch {
    return false;
  }
  for (let waited = 0; isSameProcess(entry); waited += 100) {
    if (waited === graceMs) {
      try {
        process.kill(entry.pid, 'SIGKILL');
      } catch {
        // it exited just now
      }
    }
    if (waited > graceMs + 10_000) throw new Error(`${entry.name} (pid ${entry.pid}) did not stop.`);
    await sleep(100);
  }
  return true;
}

function read(file) {
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8'));
    return { launcher: parsed.launcher ?? null, children: Array.isArray(parsed.children) ? parsed.children : [] };
  } catch {
    return { launcher: null, children: [] };
  }
}

/**
 * Takes over the data folder's registry for this launcher: refuses if the launcher that wrote it
 * still runs, stops every child it recorded that still runs, and records this launcher.
 * Returns the registry: add(name, pid) when a child starts, remove(pid) when it exits.
 */
export async function takeOverRegistry(dataDir, log = console.log) {
  const file = path.join(dataDir, 'processes.json');
  const previous = read(file);
  if (previous.launcher && previous.launcher.pid !== process.pid && isSameProcess(previous.launcher)) {
    throw new Error(`Another Keywarden launcher (pid ${previous.launcher.pid}) runs on this data folder (${dataDir}); stop it first.`);
  }
  // Children first, the database last: the dashboard and the worker hold connections to it.
  const leftovers = previous.children.filter(isSameProcess).sort((a, b) => (a.name === 'postgresql') - (b.name === 'postgresql'));
  for (const child of leftovers) {
    log(`Stopping the ${child.name} (pid ${child.pid}) left running by an earlier launcher.`);
    // PostgreSQL's fast shutdown is SIGINT; SIGTERM would wait for the clients to disconnect.
    await stopProcess(child, { signal: child.name === 'postgresql' ? 'SIGINT' : 'SIGTERM' });
  }

  const state = { launcher: { name: 'launcher', pid: process.pid, startTime: startTimeOf(process.pid) }, children: [] };
  const save = () => {
    const temporary = `${file}.${process.pid}.tmp`;
    writeFileSync(temporary, JSON.stringify(state, null, 2), { mode: 0o600 });
    renameSync(temporary, file);
  };
  save();
  return {
    file,
    add(name, pid) {
      const startTime = pid && startTimeOf(pid);
      if (!startTime) return; // it has already exited
      // Entries of processes that have exited meanwhile (a restarted PostgreSQL's) are dropped.
      state.children = state.children.filter((c) => c.pid !== pid && isSameProcess(c)).concat({ name, pid, startTime });
      save();
    },
    remove(pid) {
      state.children = state.children.filter((c) => c.pid !== pid);
      save();
    },
    /** After a clean shutdown nothing is left to stop. */
    close() {
      rmSync(file, { force: true });
    },
  };
}
