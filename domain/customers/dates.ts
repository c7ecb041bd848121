const berlinOffset = new Intl.DateTimeFormat('en-US', { timeZone: 'Europe/Berlin', timeZoneName: 'shortOffset' });

/** Midnight of a day in Germany as an ISO date-time with its offset (CET +01:00 or CEST +02:00), for BPMN timers. */
export function germanMidnight(day: string): string {
  const offset = berlinOffset.formatToParts(new Date(`${day}T12:00:00Z`)).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT+1';
  const m = /GMT([+-])(\d{1,2})/.exec(offset);
  return `${day}T00:00:00${m ? `${m[1]}${m[2].padStart(2, '0')}` : '+00'}:00`;
}
