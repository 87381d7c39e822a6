/**
 * npm run bench:hostile — worst-case input: a 50,000-character argument to each command, through the real
 * webhook route (signed, encrypted), the bot, the outbox and the fake Feishu, on embedded PGlite. Prints one
 * JSON line per figure:
 * - answer_ms.<command>: from the POST to the reply recorded by the fake Feishu (target: < 200 ms);
 * - healthz_p99_ms / healthz_max_ms: GET /healthz polled while twenty such messages arrive at once
 *   (target: p99 < 50 ms).
 */
import { loadavg } from "node:os";
import { migrate } from "../src/db/migrate";
import { openDatabase } from "../src/db/open-node";
import { postRaw } from "../src/playground/events";
import { OFFICE, startE2E } from "../test/e2e/harness";
import { loadWuhan } from "../test/e2e/plan";

const COMMANDS = [
  "/status",
  "/who",
  "/bind",
  "/report",
  "/remind",
  "/missing",
  "/export",
  "/bulletin",
  "/round",
  "/lead",
  "/audit",
  "/unbind",
  "/grant",
  "/units",
  "/whoami",
  "/plan",
  "/help",
  "/nosuch",
];
const CHAT = "oc_e2e_group";
const MEMBER = { openId: "ou_member000000000000000000000000001", name: "赵六" };
const HUGE = `市科技局${'<at user_id="all">所有人</at>[x](https://e.example)'.repeat(2000)}`.slice(0, 50_000);

function emit(metric: string, value: number, unit: string) {
  process.stdout.write(
    `${JSON.stringify({ bench: "hostile", metric, value: Math.round(value * 100) / 100, unit })}\n`,
  );
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

async function main() {
  const database = await openDatabase({});
  await migrate(database);
  const e = await startE2E({ database } as Parameters<typeof startE2E>[0], { storageProbe: true });
  await loadWuhan(database);
  e.fake.addChat(CHAT, [OFFICE, MEMBER], "1号议案办理工作群");
  await e.deliver(
    e.sender.botAdded({ chatId: CHAT, chatName: "1号议案办理工作群", operator: OFFICE.openId }),
  );
  await e.say(OFFICE, "/status"); // warm up: plan caches, SDK token, JIT

  for (const cmd of COMMANDS) {
    const t0 = performance.now();
    const r = await e.say(OFFICE, `${cmd} ${HUGE}`);
    const ms = performance.now() - t0;
    if (r.sent.length === 0) throw new Error(`${cmd}: no answer`);
    emit(`answer_ms.${cmd.slice(1)}`, ms, "ms");
  }

  const baseline = performance.now();
  await e.say(OFFICE, "/status 市科技局");
  emit("answer_ms.baseline_short_status", performance.now() - baseline, "ms");

  // Twenty messages at once while /healthz is polled: hostile ones, then ordinary ones for comparison.
  for (const [label, arg] of [
    ["hostile", HUGE],
    ["ordinary", "市科技局"],
  ] as const) {
    // Encoded (encrypted, signed) before the clock starts: the bench's own work is not the server's stall.
    const bodies = await Promise.all(
      Array.from({ length: 20 }, (_, i) => {
        const from = i % 2 ? MEMBER.openId : OFFICE.openId;
        const text = `${COMMANDS[i % COMMANDS.length]} ${arg}`;
        const userMsg = e.fake.userMessage(from, { chatId: CHAT }, text);
        const env = e.sender.message({ text, sender: from, chatId: CHAT, mentionBot: true });
        (env.event.message as { message_id: string }).message_id = userMsg.messageId;
        return e.sender.encode(env);
      }),
    );
    const latencies: number[] = [];
    let polling = true;
    const poller = (async () => {
      while (polling) {
        const t = performance.now();
        const res = await fetch(`${e.url}/healthz`);
        await res.arrayBuffer();
        latencies.push(performance.now() - t);
        await new Promise((r) => setTimeout(r, 5));
      }
    })();
    const t0 = performance.now();
    const before = e.fake.sent().length;
    await Promise.all(bodies.map(({ body, headers }) => postRaw(e.url, body, headers)));
    await e.settle();
    const burstMs = performance.now() - t0;
    polling = false;
    await poller;
    const sorted = [...latencies].sort((a, b) => a - b);
    emit(`burst20_${label}.all_answered_ms`, burstMs, "ms");
    emit(`burst20_${label}.answers`, e.fake.sent().length - before, "count");
    emit(`burst20_${label}.healthz_samples`, sorted.length, "count");
    emit(`burst20_${label}.healthz_p50_ms`, percentile(sorted, 50), "ms");
    emit(`burst20_${label}.healthz_p99_ms`, percentile(sorted, 99), "ms");
  }
  emit("loadavg_1m", loadavg()[0] ?? Number.NaN, "load");
  await e.close();
  await database.close();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
