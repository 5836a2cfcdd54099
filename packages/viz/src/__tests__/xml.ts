import { XMLParser, XMLValidator } from 'fast-xml-parser';

/** One element of a parsed SVG, flattened. */
export interface El {
  tag: string;
  attrs: Record<string, string>;
  /** Concatenated direct text children, entities decoded. */
  text: string;
  classes: string[];
}

type Node = Record<string, unknown>;

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  processEntities: true,
  // Also decodes numeric character references such as &#13;.
  htmlEntities: true,
});

/** Throws unless `svg` is well-formed XML; returns every element in document order. */
export function parseSvg(svg: string): El[] {
  const valid = XMLValidator.validate(svg);
  if (valid !== true) throw new Error(`not well-formed: ${JSON.stringify(valid.err)}`);
  const out: El[] = [];
  const walk = (nodes: Node[]) => {
    for (const node of nodes) {
      const tag = Object.keys(node).find((k) => k !== ':@');
      if (tag === undefined || tag === '#text') continue;
      const children = node[tag] as Node[];
      const attrs = (node[':@'] ?? {}) as Record<string, string>;
      const text = children
        .filter((c) => '#text' in c)
        .map((c) => String(c['#text']))
        .join('');
      out.push({ tag, attrs, text, classes: (attrs.class ?? '').split(/\s+/).filter(Boolean) });
      walk(children);
    }
  };
  walk(parser.parse(svg) as Node[]);
  return out;
}

/** The elements carrying class `cls`. */
export function byClass(els: readonly El[], cls: string): El[] {
  return els.filter((e) => e.classes.includes(cls));
}
