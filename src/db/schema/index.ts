export * from "./infra";
export * from "./people";
export * from "./plan";
export * from "./reporting";
