import type { Logger } from "../kernel/logger";
import type { CollectService } from "../reporting/use-cases";
import type { CoordService } from "./service";

/**
 * Every stored report whose 需协调解决的问题 is filled becomes a coordination item (or adds to the open one,
 * or asks the liaison whether it is an open one's matter); the liaison's toast says which. A failure here never loses the report: it is logged and the report stands.
 */
export function raiseItemsOnSubmit(
  collect: CollectService,
  coord: CoordService,
  logger: Logger,
): CollectService {
  return {
    ...collect,
    async submit(input) {
      const out = await collect.submit(input);
      if (out.kind !== "stored") return out;
      try {
        const raised = await coord.fromReport(out.report.id, input.now);
        const toast = out.result.toast;
        if (raised?.asked !== undefined && toast)
          toast.content = `${toast.content}需协调解决的问题与协调事项第${raised.asked}号相近，请在随后的卡片中确认是否同一事项。`;
        else if (raised && toast)
          toast.content = `${toast.content}需协调解决的问题${raised.repeat ? "已并入" : "已登记为"}协调事项第${raised.itemId}号。`;
      } catch (err) {
        logger.error({ err: String(err), reportId: out.report.id }, "coordination item not raised");
      }
      return out;
    },
  };
}
