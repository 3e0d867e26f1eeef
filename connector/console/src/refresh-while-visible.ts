/**
 * Runs `tick` every `ms` while the console's tab is visible. A hidden tab asks the connector nothing (an admin may
 * leave the console open in a background tab all day); when it shows again, `tick` runs at once and the period starts
 * over, so what is shown is never older than one period. Returns a function that stops it.
 */
export function refreshWhileVisible(tick: () => void, ms: number): () => void {
  let timer: ReturnType<typeof setInterval> | null = null;
  const start = () => {
    timer ??= setInterval(tick, ms);
  };
  const stop = () => {
    if (timer) clearInterval(timer);
    timer = null;
  };
  const onVisibility = () => {
    if (document.hidden) {
      stop();
      return;
    }
    if (timer) return;
    tick();
    start();
  };
  document.addEventListener('visibilitychange', onVisibility);
  if (!document.hidden) start();
  return () => {
    stop();
    document.removeEventListener('visibilitychange', onVisibility);
  };
}
