import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import type { Endpoint, FakeMessage, Fault, FaultOptions, RecordedCall } from "../test/fakes/fake-feishu";

/**
 * The fake Open Platform in a child process (its control API under /_fake/), so that its own work does not
 * share an event loop with the code being measured, and the times it records are arrival times as a remote
 * Feishu would see them.
 */
export interface FakeProcess {
  url: string;
  appId: string;
  appSecret: string;
  addUser(openId: string, name?: string): Promise<void>;
  addChat(chatId: string, members: string[]): Promise<void>;
  inject(endpoint: Endpoint, fault: Fault, opts: Omit<FaultOptions, "when">): Promise<void>;
  calls(endpoint?: Endpoint): Promise<RecordedCall[]>;
  messages(): Promise<FakeMessage[]>;
  close(): Promise<void>;
}

export async function startFakeProcess(seed = 42): Promise<FakeProcess> {
  const script = fileURLToPath(new URL("../test/fakes/run-fake-feishu.ts", import.meta.url));
  const child = spawn(process.execPath, ["--import", "tsx", script], {
    env: { ...process.env, FAKE_FEISHU_JSON: "1", FAKE_FEISHU_SEED: String(seed) },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const first = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout });
    lines.once("line", resolve);
    child.once("exit", (code) => reject(new Error(`fake exited with ${code}`)));
  });
  const { url, appId, appSecret } = JSON.parse(first) as { url: string; appId: string; appSecret: string };
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${url}${path}`, {
      method,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
    return res.json();
  };
  return {
    url,
    appId,
    appSecret,
    addUser: async (openId, name) => void (await call("POST", "/_fake/users", { openId, name })),
    addChat: async (chatId, members) => void (await call("POST", "/_fake/chats", { chatId, members })),
    inject: async (endpoint, fault, opts) =>
      void (await call("POST", "/_fake/faults", { endpoint, fault, ...opts })),
    calls: async (endpoint) =>
      (await call("GET", `/_fake/calls${endpoint ? `?endpoint=${endpoint}` : ""}`)) as RecordedCall[],
    messages: async () => (await call("GET", "/_fake/messages")) as FakeMessage[],
    close: () =>
      new Promise<void>((resolve) => {
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}
