// The sampling loop of process-memory.ts, in a worker thread of its own so that a busy main thread
// (the emulator rendering images in the same process, say) cannot delay the samples. Plain
// CommonJS: a worker does not get tsx's TypeScript loader.
'use strict';
const fs = require('node:fs');
const { parentPort, workerData } = require('node:worker_threads');

const PROC = '/proc';
const { args, cwd, intervalMs } = workerData;

/** `pgrp` of a process, from /proc/<pid>/stat (fields after the command name, which may hold spaces). */
function processGroup(pid) {
  try {
    const stat = fs.readFileSync(`${PROC}/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]);
  } catch {
    return undefined; // exited meanwhile
  }
}

/** A `kB` line of /proc/<pid>/status (VmRSS, VmHWM). */
function statusKb(pid, field) {
  try {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(fs.readFileSync(`${PROC}/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) : 0;
  } catch {
    return 0;
  }
}

/** The process running in `cwd` whose command line has every one of `args`. */
function findLeader() {
  for (const pid of fs.readdirSync(PROC)) {
    if (!/^\d+$/.test(pid) || Number(pid) === process.pid) continue;
    try {
      const argv = fs.readFileSync(`${PROC}/${pid}/cmdline`, 'utf8').split('\0');
      if (args.every((arg) => argv.includes(arg)) && fs.readlinkSync(`${PROC}/${pid}/cwd`) === cwd) return Number(pid);
    } catch {
      // exited meanwhile
    }
  }
  return undefined;
}

let leader;
const peak = { groupKb: 0, leaderHwmKb: 0, maxProcesses: 0, samples: 0, maxGapMs: 0 };
let last = 0;

function sample() {
  leader ??= findLeader();
  if (leader === undefined) return;
  const now = performance.now();
  let totalKb = 0;
  let members = 0;
  for (const pid of fs.readdirSync(PROC)) {
    if (!/^\d+$/.test(pid) || processGroup(pid) !== leader) continue;
    totalKb += statusKb(pid, 'VmRSS');
    members++;
  }
  if (members === 0) return; // the group has exited
  if (last) peak.maxGapMs = Math.max(peak.maxGapMs, now - last);
  last = now;
  peak.samples++;
  peak.groupKb = Math.max(peak.groupKb, totalKb);
  peak.maxProcesses = Math.max(peak.maxProcesses, members);
  peak.leaderHwmKb = Math.max(peak.leaderHwmKb, statusKb(leader, 'VmHWM'));
}

const timer = setInterval(sample, intervalMs);
parentPort.once('message', () => {
  clearInterval(timer);
  parentPort.postMessage({ ...peak, found: leader !== undefined });
});
