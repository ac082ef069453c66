import { parentPort } from 'node:worker_threads';
import { renderJpeg, type ImageSpec } from './render';

/** A render thread: draws and encodes the JPEGs the pool sends, one message at a time. */
parentPort!.on('message', ({ job, spec }: { job: number; spec: ImageSpec }) => {
  try {
    const bytes = renderJpeg(spec);
    parentPort!.postMessage({ job, bytes }, [bytes.buffer as ArrayBuffer]);
  } catch (err) {
    parentPort!.postMessage({ job, error: err instanceof Error ? err.message : String(err) });
  }
});

// Loaded and listening: the pool starts sending work (until then it draws in line).
parentPort!.postMessage({ ready: true });
