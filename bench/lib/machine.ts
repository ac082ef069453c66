/** The machine a benchmark ran on, as the report states it. */
import * as os from 'node:os';

export interface Machine {
  cpu: string;
  /** Logical cores Node may use. */
  cores: number;
  memoryGiB: number;
  os: string;
  /** The Node that ran the benchmark scripts (Node 20, the project's floor). */
  node: string;
  /** Load average over the last minute when the run began: other work on the machine skews figures. */
  loadAverage: number;
}

export function describeMachine(): Machine {
  return {
    cpu: os.cpus()[0]?.model.trim() ?? 'unknown CPU',
    cores: os.availableParallelism(),
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    loadAverage: Math.round(os.loadavg()[0]! * 100) / 100,
  };
}

/** One line, e.g. "Intel Xeon, 2 cores, 23.4 GiB RAM, Linux 6.1 x64, Node v20.20.2". */
export function machineLine(machine: Machine): string {
  return `${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB RAM, ${machine.os}, Node ${machine.node}`;
}
