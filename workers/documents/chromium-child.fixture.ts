/** A process that owns a PDF renderer, for the test that kills it with SIGKILL (chromium-lifetime.test.ts). */
import { loadSettings } from '../../config/settings';
import { createPdfRenderer } from './pdfRenderer';

void (async () => {
  const renderer = await createPdfRenderer({ chromiumPath: loadSettings().chromiumPath, poolSize: 1 });
  await renderer.render('<p>Hallo</p>');
  console.log(`READY ${process.pid}`);
  setInterval(() => {}, 1000);
})();
