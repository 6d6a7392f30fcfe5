/**
 * The service worker (vite.config.ts, VitePWA): registered once the app is up, so that it never delays the first
 * particles. After the first visit the page loads and runs with the network off. A new build is installed in the
 * background and waits; the page then shows "A new version is ready — Reload" (UpdateNotice), and reloading
 * activates it. In development there is no service worker (the virtual module registers nothing).
 */
import { registerSW } from 'virtual:pwa-register';
import { create } from 'zustand';

export const useUpdate = create<{ ready: boolean; offlineReady: boolean; apply: (() => void) | null }>()(() => ({
  ready: false,
  offlineReady: false,
  apply: null,
}));

export function startServiceWorker(): void {
  if (!('serviceWorker' in navigator)) return;
  const update = registerSW({
    onNeedRefresh: () => useUpdate.setState({ ready: true }),
    onOfflineReady: () => useUpdate.setState({ offlineReady: true }),
  });
  useUpdate.setState({ apply: () => void update(true) });
}
