/**
 * Lets queued messages (cancel, a new run) in between two denoising steps. `await data()` on the CPU and WASM
 * backends resolves as a microtask, so without this a whole run would execute before the worker saw a
 * message. A MessageChannel round trip is a macrotask without setTimeout's 4 ms clamp.
 */
const channel = new MessageChannel();
const waiting: Array<() => void> = [];
channel.port1.onmessage = () => waiting.shift()?.();

export function yieldToEvents(): Promise<void> {
  return new Promise((resolve) => {
    waiting.push(resolve);
    channel.port2.postMessage(null);
  });
}
