/**
 * First load of the modeler in a fresh Chromium: bytes over the wire (CDP Network.loadingFinished
 * encodedDataLength, headers included) and time to a usable modeler (library listed), then a
 * second load with the browser cache warm. `npx tsx bench/modeler-load.ts` (MBIT=10 to throttle)
 */
import puppeteer from 'puppeteer-core';
import { startTestSystem } from '../test/e2e/system';
import { CHROMIUM_ARGS, signInThroughLoginPage } from '../test/browser/session';

async function main() {
  const system = await startTestSystem({ webMinify: true });
  const browser = await puppeteer.launch({
    executablePath: system.settings.chromiumPath || '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
  });
  try {
    const page = await browser.newPage();
    await page.setViewport({ width: 1600, height: 900 });
    const session = { system, browser, page, pageErrors: [], cspViolations: [], close: async () => {} };
    await signInThroughLoginPage(session, 'analyst', 'analyst', '/');
    // Warm the server's bundle cache (the first build is server work, not transfer).
    await page.goto(`${system.httpUrl}/modeler`);
    await page.waitForSelector('.mdl-lib__open');
    for (const label of ['first load (cold browser cache)', 'reload (warm browser cache)']) {
      const cdp = await page.createCDPSession();
      await cdp.send('Network.enable');
      if (label.startsWith('first')) await cdp.send('Network.clearBrowserCache');
      // MBIT=10 emulates an office line (10 Mbit/s down, 40 ms latency); without it, localhost speed.
      const mbit = Number(process.env.MBIT ?? 0);
      if (mbit)
        await cdp.send('Network.emulateNetworkConditions', {
          offline: false,
          latency: 40,
          downloadThroughput: (mbit * 1e6) / 8,
          uploadThroughput: (mbit * 1e6) / 8,
        });
      const urls = new Map<string, string>();
      const sizes: { url: string; bytes: number; encoding: string }[] = [];
      const encodings = new Map<string, string>();
      cdp.on('Network.requestWillBeSent', (e) => urls.set(e.requestId, e.request.url));
      cdp.on('Network.responseReceived', (e) =>
        encodings.set(e.requestId, String(e.response.headers['content-encoding'] ?? e.response.headers['Content-Encoding'] ?? '-')),
      );
      cdp.on('Network.loadingFinished', (e) =>
        sizes.push({ url: urls.get(e.requestId) ?? '?', bytes: e.encodedDataLength, encoding: encodings.get(e.requestId) ?? '-' }),
      );
      const t0 = Date.now();
      await page.goto(`${system.httpUrl}/modeler`);
      await page.waitForSelector('.mdl-lib__open');
      const ms = Date.now() - t0;
      await new Promise((r) => setTimeout(r, 500));
      const total = sizes.reduce((s, x) => s + x.bytes, 0);
      console.log(`${label}: ${(total / 1024).toFixed(0)} KiB over the wire in ${sizes.length} responses, modeler usable after ${ms} ms`);
      for (const s of sizes.filter((x) => x.bytes > 2048).sort((a, b) => b.bytes - a.bytes))
        console.log(`  ${(s.bytes / 1024).toFixed(0).padStart(6)} KiB  ${s.encoding.padEnd(5)} ${s.url.replace(system.httpUrl, '')}`);
      await cdp.detach();
    }
  } finally {
    await browser.close();
    await system.stop();
  }
}

void main().catch((err) => {
  console.error(err);
  process.exit(1);
});
