export const GENERIC_FAILURE = "系统繁忙，操作未完成，请稍后重试。如多次失败请联系办公室。";
