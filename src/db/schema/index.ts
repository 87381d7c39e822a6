export * from "./collect";
export * from "./infra";
export * from "./people";
export * from "./plan";
export * from "./year";
