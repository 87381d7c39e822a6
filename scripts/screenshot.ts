// `npm run screenshot`: regenerates docs/playground.png (the README's picture) from the real playground.
import { fileURLToPath } from "node:url";
import { launch, openPage, startPlayground } from "../test/playground/browser";

const out = fileURLToPath(new URL("../docs/playground.png", import.meta.url));
const node = await startPlayground();
const browser = await launch();
try {
  const { page } = await openPage(browser, `http://127.0.0.1:${node.port}/playground`);
  await page.fill("#text", "/status");
  await page.press("#text", "Enter");
  await page.locator("#chat .card", { hasText: "月调度" }).last().waitFor({ timeout: 30_000 });
  // Show the question and the top of the answer, as a person reads them.
  await page
    .locator("#chat .msg", { hasText: "/status" })
    .last()
    .evaluate((e) => e.scrollIntoView({ block: "start" }));
  await page.screenshot({ path: out });
  process.stdout.write(`wrote ${out}\n`);
} finally {
  await browser.close();
  await node.close();
}
