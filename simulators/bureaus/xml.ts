/** Just enough XML for the Boniversum-style messages: flat elements, escaped text. */
export function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function unescapeXml(s: string): string {
  return s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}

/** Text of the first element with this name, or undefined. */
export function elementText(doc: string, name: string): string | undefined {
  const m = new RegExp(`<${name}(?:\\s[^>]*)?>([^<]*)</${name}>`).exec(doc);
  return m ? unescapeXml(m[1].trim()) : undefined;
}

export function attribute(doc: string, element: string, name: string): string | undefined {
  const m = new RegExp(`<${element}\\s[^>]*\\b${name}="([^"]*)"`).exec(doc);
  return m ? unescapeXml(m[1]) : undefined;
}
