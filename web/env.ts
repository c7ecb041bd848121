/**
 * The state the server puts into every page: a JSON data block (`#app-state`, server/web/html.ts),
 * not an inline script, so the Content-Security-Policy can forbid inline scripts.
 */
export interface AppUser {
  username: string;
  displayName: string;
  roles: string[];
  locale: 'de' | 'en';
}

export interface AppState {
  user: AppUser | null;
  csrfToken: string | null;
  locale: 'de' | 'en';
  page?: 'home' | 'forbidden' | 'login' | 'placeholder';
  app?: string;
}

declare global {
  interface Window {
    __APP__?: AppState;
  }
}

function readState(): AppState | undefined {
  const text = typeof document === 'undefined' ? null : document.getElementById('app-state')?.textContent;
  if (!text) return undefined;
  try {
    return JSON.parse(text) as AppState;
  } catch {
    return undefined;
  }
}

if (typeof window !== 'undefined' && !window.__APP__) window.__APP__ = readState();

export function appState(): AppState {
  return window.__APP__ ?? { user: null, csrfToken: null, locale: 'de' };
}
