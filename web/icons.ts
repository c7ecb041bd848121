/** Inline SVG icons (stroke style, 24 px grid), so no icon font or request is needed. */
const svg = (body: string, size = 20) =>
  `<svg class="icon" width="${size}" height="${size}" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="1.8" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true">${body}</svg>`;

export const icons = {
  logo: (size = 28) =>
    `<svg class="logo" width="${size}" height="${size}" viewBox="0 0 32 32" aria-hidden="true"><defs><linearGradient id="lg" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="#3d8bff"/><stop offset="1" stop-color="#0b5fff"/></linearGradient></defs><rect width="32" height="32" rx="8" fill="url(#lg)"/><path d="M18 4 8 18h7l-2 10 11-15h-7z" fill="#fff"/></svg>`,
  modeler: (s?: number) =>
    svg(
      '<rect x="3" y="4" width="6" height="5" rx="1.5"/><rect x="15" y="15" width="6" height="5" rx="1.5"/><path d="M9 6.5h4a2 2 0 0 1 2 2v6.5"/><circle cx="18" cy="6.5" r="2.5"/>',
      s,
    ),
  tasklist: (s?: number) =>
    svg('<path d="M9 6h11M9 12h11M9 18h11"/><path d="m3.5 6 1.2 1.2L7 5M3.5 12l1.2 1.2L7 11"/><circle cx="5" cy="18" r="1.3"/>', s),
  cockpit: (s?: number) => svg('<path d="M3 12h4l2.5-6 5 12 2.5-6h4"/>', s),
  admin: (s?: number) =>
    svg(
      '<path d="M12 3 4.5 6v5.5c0 4.6 3.2 8.3 7.5 9.5 4.3-1.2 7.5-4.9 7.5-9.5V6z"/><circle cx="12" cy="10.5" r="2.5"/><path d="M8.2 16.5a4.5 4.5 0 0 1 7.6 0"/>',
      s,
    ),
  accounting: (s?: number) =>
    svg('<rect x="4" y="3" width="16" height="18" rx="2"/><path d="M8 7h8M8 11h2M12 11h2M16 11v6M8 15h2M12 15h2M8 19h6"/>', s),
  care: (s?: number) =>
    svg(
      '<circle cx="12" cy="8" r="3.5"/><path d="M5 20a7 7 0 0 1 14 0"/><path d="M3.5 11V9.5a8.5 8.5 0 0 1 17 0V11"/><rect x="2.5" y="10.5" width="3" height="4" rx="1"/>',
      s,
    ),
  mobile: (s?: number) =>
    svg(
      '<rect x="6.5" y="2.5" width="11" height="19" rx="2.5"/><path d="M10.5 18.5h3"/><circle cx="12" cy="9" r="1.2"/><circle cx="12" cy="12.5" r="1.2"/>',
      s,
    ),
  users: (s?: number) =>
    svg(
      '<circle cx="9" cy="8" r="3.5"/><path d="M2.5 20a6.5 6.5 0 0 1 13 0"/><path d="M16 4.5a3.5 3.5 0 0 1 0 7M18 14.5a6.5 6.5 0 0 1 3.5 5.5"/>',
      s,
    ),
  lock: (s?: number) => svg('<rect x="4.5" y="10.5" width="15" height="10" rx="2"/><path d="M8 10.5V7.5a4 4 0 0 1 8 0v3"/>', s),
  check: (s?: number) => svg('<path d="m5 12.5 4.5 4.5L19 7.5"/>', s),
  arrow: (s?: number) => svg('<path d="M5 12h14M13 6l6 6-6 6"/>', s),
  chevron: (s?: number) => svg('<path d="m6 9 6 6 6-6"/>', s),
  signOut: (s?: number) => svg('<path d="M15 4h3a2 2 0 0 1 2 2v12a2 2 0 0 1-2 2h-3"/><path d="M10 16l-4-4 4-4M6 12h10"/>', s),
  globe: (s?: number) => svg('<circle cx="12" cy="12" r="9"/><path d="M3 12h18M12 3a14 14 0 0 1 0 18M12 3a14 14 0 0 0 0 18"/>', s),
  wrench: (s?: number) => svg('<path d="M14.5 6.5a4 4 0 0 0 5 5L21 13l-8 8-3-3 8-8-1.5-1.5a4 4 0 0 0-5-5l3 3-2 2z"/>', s),
  alert: (s?: number) => svg('<path d="M12 3 2 20h20z"/><path d="M12 10v4M12 17.5v.01"/>', s),
};

export type AppIcon = 'modeler' | 'tasklist' | 'cockpit' | 'accounting' | 'care' | 'mobile' | 'admin';
