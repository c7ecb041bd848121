/** What a simulated bureau answers; the server writes it. */
export interface SimResponse {
  status: number;
  contentType: string;
  body: string;
}

export function json(status: number, body: unknown): SimResponse {
  return { status, contentType: 'application/json; charset=utf-8', body: JSON.stringify(body) };
}

export function xml(status: number, body: string): SimResponse {
  return { status, contentType: 'application/xml; charset=utf-8', body };
}

export function html(status: number, body: string): SimResponse {
  return { status, contentType: 'text/html; charset=utf-8', body };
}
