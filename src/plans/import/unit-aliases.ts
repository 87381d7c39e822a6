/** The names a plan may use for one unit besides its full name: short forms of organs, levels, places. */

/**
 * The usual short forms of organ names (发展和改革委员会 → 发改委, 住房和城乡建设局 → 住建局): one plan
 * writes 区发展改革局 in one task and 区发改局 in the next, and both are one unit.
 */
const SHORT_FORMS: [RegExp, string][] = [
  [/发展和?改革/, "发改"],
  [/经济和?信息化/, "经信"],
  [/人力资源和?社会保障/, "人社"],
  [/住房和?城乡建设/, "住建"],
  [/文化广电和?旅游|文化和?旅游/, "文旅"],
  [/城市管理/, "城管"],
  [/投资促进/, "投促"],
  [/市场监督管理/, "市场监管"],
  [/卫生和?健康/, "卫健"],
  [/科学技术/, "科技"],
  [/医疗保障/, "医保"],
  [/应急管理/, "应急"],
  [/退役军人事务/, "退役军人"],
  [/自然资源和规划/, "自然资源"],
  [/(?<!管理)(?<=.{2})委员会$/, "委"],
];

function shortForm(name: string): string | null {
  let out = name;
  for (const [long, short] of SHORT_FORMS) out = out.replace(long, short);
  return out !== name && out.length >= 3 ? out : null;
}

/** Short names people use for a unit: 市经信局 → 经信局; 江岸区人民政府 → 江岸区; 武汉经开区管委会 → 经开区. */
export function aliasCandidates(name: string, city: string | null): string[] {
  const short = shortForm(name);
  const out: string[] = short ? [short, ...aliasForms(short, city).filter((a) => a !== name)] : [];
  for (const a of aliasForms(name, city)) if (!out.includes(a)) out.push(a);
  return out;
}

function aliasForms(name: string, city: string | null): string[] {
  const out: string[] = [];
  const add = (a: string) => {
    if (a.length >= 2 && a !== name && !out.includes(a)) out.push(a);
  };
  // The issuer's own level (市经信局, 县财政局, 区教育局): the level word and 委 of the party committee go.
  const level = /^([市县区省])(委?)(.+)$/.exec(name);
  if (level?.[3] && !/^市场/.test(name) && level[3].length >= 2) {
    add(level[2] && level[3].length >= 2 ? level[3] : level[2] + level[3]);
    if (city) add(city + name);
  }
  const gov = /^(.+[区县市旗乡镇])(?:人民政府|政府)$/.exec(name);
  if (gov?.[1] && !/^[市省县区]/.test(name)) {
    add(gov[1]);
    add(`${gov[1]}政府`);
    add(`${gov[1]}人民政府`);
  }
  const zone = /^(.+?)(管委会|管理委员会)$/.exec(name);
  if (zone?.[1]) {
    add(zone[1]);
    add(zone[1] + (zone[2] === "管委会" ? "管理委员会" : "管委会"));
  }
  if (city) {
    for (const a of [name, ...out]) {
      if (a.startsWith(city) && !a.startsWith(`${city}市`) && a.length - city.length >= 2)
        add(a.slice(city.length));
    }
  }
  // Official documents shorten 中国人民银行 to 人行.
  if (name.startsWith("人行")) add(`人民银行${name.slice(2)}`);
  return out;
}
