/** German names and descriptions of the element templates, applied at load time when the UI is German. */
export const templatesDe: Record<string, { name: string; description: string }> = {
  'energy.order.check-duplicates': {
    name: 'Auftrag · Dubletten prüfen',
    description: 'Sucht dieselbe Person an derselben Adresse oder einen Vertrag auf demselben Zähler. Setzt duplicate, duplicateReasons.',
  },
  'energy.order.check-completeness': {
    name: 'Auftrag · Vollständigkeit prüfen',
    description: 'Prüft, ob der Auftrag jedes Feld hat, das ein Vertrag braucht. Setzt dataComplete, missingData.',
  },
  'energy.order.record-decision': {
    name: 'Auftrag · Bonitätsentscheidung speichern',
    description: 'Speichert Score, Ampel und Entscheidung am Auftrag.',
  },
  'energy.order.persist-contract': {
    name: 'Auftrag · Vertrag anlegen',
    description: 'Legt Kunde, Vertragskonto, Vertrag, Zähler und SEPA-Mandat an; wiederholbar.',
  },
  'energy.order.reject': { name: 'Auftrag · Ablehnen', description: 'Markiert den Auftrag mit seinen Gründen als abgelehnt.' },
  'energy.order.offer-prepayment': { name: 'Auftrag · Vorkasse anbieten', description: 'Markiert den Auftrag als mit Vorkasse angeboten.' },
  'energy.order.cancel': { name: 'Auftrag · Stornieren', description: 'Storniert einen Auftrag, dessen Daten nie eingingen.' },
  'energy.credit-check.schufa': {
    name: 'Bonitätsprüfung · SCHUFA',
    description:
      'Fragt die SCHUFA nach einem Score. Eine unbekannte Person ist der BPMN-Fehler PERSON_UNKNOWN; eine nicht erreichbare Auskunftei lässt den Job scheitern (ein Incident bei der letzten Auskunftei).',
  },
  'energy.credit-check.infoscore': {
    name: 'Bonitätsprüfung · infoscore',
    description:
      'Fragt infoscore nach einem Score. Eine unbekannte Person ist der BPMN-Fehler PERSON_UNKNOWN; eine nicht erreichbare Auskunftei lässt den Job scheitern (ein Incident bei der letzten Auskunftei).',
  },
  'energy.credit-check.creditreform': {
    name: 'Bonitätsprüfung · Creditreform',
    description:
      'Fragt Creditreform nach einem Score. Eine unbekannte Person ist der BPMN-Fehler PERSON_UNKNOWN; eine nicht erreichbare Auskunftei lässt den Job scheitern (ein Incident bei der letzten Auskunftei).',
  },
  'energy.credit-check.aggregate': {
    name: 'Bonitätsprüfung · Ergebnisse zusammenführen',
    description: 'Fasst die Antworten der Auskunfteien zu credit {score, trafficLight, fraudSuspicion, personUnknown} zusammen.',
  },
  'energy.document.render-order-confirmation': {
    name: 'Dokument · Auftragsbestätigung (PDF)',
    description: 'Erzeugt das Bestätigungsschreiben und legt es ab.',
  },
  'energy.document.render-rejection': {
    name: 'Dokument · Ablehnungsschreiben (PDF)',
    description: 'Erzeugt das Ablehnungsschreiben mit den Gründen.',
  },
  'energy.document.render-prepayment-offer': { name: 'Dokument · Vorkasse-Angebot (PDF)', description: 'Erzeugt das Vorkasse-Angebot.' },
  'energy.mail.send-order-confirmation': {
    name: 'Mail · Auftragsbestätigung',
    description: 'Mailt die Bestätigung mit ihrem PDF; einmal je Auftrag.',
  },
  'energy.mail.send-rejection': { name: 'Mail · Ablehnung', description: 'Mailt das Ablehnungsschreiben.' },
  'energy.mail.send-prepayment-offer': { name: 'Mail · Vorkasse-Angebot', description: 'Mailt das Vorkasse-Angebot.' },
  'energy.mail.send-dnb-request': {
    name: 'Mail · Fehlende Daten anfragen (DNB)',
    description: 'Mailt dem Kunden einen Link, um fehlende Daten nachzureichen.',
  },
  'energy.mail.send-dnb-reminder': {
    name: 'Mail · Erinnerung an fehlende Daten',
    description: 'Erinnert den Kunden an die fehlenden Daten.',
  },
};

export const labelsDe: Record<string, string> = {
  Worker: 'Worker',
  Headers: 'Header',
  Retries: 'Wiederholungen',
  'How often the engine retries a failed job before it raises an incident.':
    'Wie oft die Engine einen gescheiterten Job wiederholt, bevor sie einen Incident meldet.',
  Order: 'Auftrag',
  'Credit check': 'Bonitätsprüfung',
  Documents: 'Dokumente',
  Mail: 'Mail',
};
