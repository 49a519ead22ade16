// Visibility-aware polling: runs a task every `intervalMs` while the tab is visible, never two at
// once, and right away when the tab becomes visible again.

/**
 * @param {() => Promise<unknown>} task errors are the task's own business (they do not stop polling)
 * @param {number} intervalMs
 * @returns {{stop: () => void, now: () => void}}
 */
export function startPolling(task, intervalMs, { immediate = true } = {}) {
  let timer = null;
  let running = false;
  let stopped = false;
  let again = false;

  async function tick() {
    timer = null;
    if (stopped || document.hidden) return;
    if (running) {
      again = true;
      return;
    }
    running = true;
    try {
      await task();
    } catch {
      // The task reports its own errors; polling goes on.
    } finally {
      running = false;
    }
    if (again) {
      again = false;
      tick();
    } else {
      schedule();
    }
  }

  function schedule() {
    if (stopped || document.hidden || timer !== null) return;
    timer = window.setTimeout(tick, intervalMs);
  }

  function cancelTimer() {
    if (timer !== null) window.clearTimeout(timer);
    timer = null;
  }

  function onVisibility() {
    cancelTimer();
    if (!document.hidden) tick();
  }

  document.addEventListener('visibilitychange', onVisibility);
  if (immediate) tick();
  else schedule();

  return {
    stop() {
      stopped = true;
      cancelTimer();
      document.removeEventListener('visibilitychange', onVisibility);
    },
    now() {
      cancelTimer();
      tick();
    },
  };
}
