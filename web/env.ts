/** The state the server puts into every page (server/web/html.ts writes `window.__APP__`). */
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

export function appState(): AppState {
  return window.__APP__ ?? { user: null, csrfToken: null, locale: 'de' };
}
