/** A bencoded value as rtpengine's ng protocol uses it: byte strings (read as UTF-8), integers, lists, dictionaries. */
export type Bencoded = string | number | Bencoded[] | { [key: string]: Bencoded };

/** Encodes a value; dictionary keys are sorted, as bencode requires. */
export function bencode(value: Bencoded): Buffer {
  if (typeof value === 'number') {
    if (!Number.isInteger(value)) throw new Error(`bencode takes integers only, not ${value}`);
    return Buffer.from(`i${value}e`);
  }
  if (typeof value === 'string') {
    const bytes = Buffer.from(value, 'utf8');
    return Buffer.concat([Buffer.from(`${bytes.length}:`), bytes]);
  }
  if (Array.isArray(value)) return Buffer.concat([Buffer.from('l'), ...value.map(bencode), Buffer.from('e')]);
  const keys = Object.keys(value).sort();
  return Buffer.concat([Buffer.from('d'), ...keys.flatMap((key) => [bencode(key), bencode(value[key]!)]), Buffer.from('e')]);
}

/** Decodes one value that fills the whole buffer; throws on anything malformed or left over. */
export function bdecode(data: Buffer): Bencoded {
  const [value, end] = decodeAt(data, 0);
  if (end !== data.length) throw new Error(`bencode: ${data.length - end} bytes left over`);
  return value;
}

function decodeAt(data: Buffer, at: number): [Bencoded, number] {
  const lead = String.fromCharCode(data[at] ?? 0);
  if (lead === 'i') {
    const end = data.indexOf('e', at);
    const digits = end < 0 ? '' : data.subarray(at + 1, end).toString('ascii');
    if (!/^-?\d+$/.test(digits)) throw new Error(`bencode: no integer at byte ${at}`);
    return [Number(digits), end + 1];
  }
  if (lead === 'l' || lead === 'd') {
    const items: Bencoded[] = [];
    let next = at + 1;
    while (data[next] !== 0x65 /* e */) {
      if (next >= data.length) throw new Error('bencode: unterminated list or dictionary');
      const [item, after] = decodeAt(data, next);
      items.push(item);
      next = after;
    }
    if (lead === 'l') return [items, next + 1];
    if (items.length % 2 !== 0) throw new Error(`bencode: dictionary at byte ${at} has a key without a value`);
    const dictionary: Record<string, Bencoded> = {};
    for (let i = 0; i + 1 < items.length; i += 2) dictionary[String(items[i])] = items[i + 1]!;
    return [dictionary, next + 1];
  }
  const colon = data.indexOf(':', at);
  // An empty length (`:abc`) is malformed, not a string of length 0.
  const digits = colon < 0 ? '' : data.subarray(at, colon).toString('ascii');
  if (!/^\d+$/.test(digits)) throw new Error(`bencode: no value at byte ${at}`);
  const length = Number(digits);
  const start = colon + 1;
  if (start + length > data.length) throw new Error('bencode: string runs past the end');
  return [data.subarray(start, start + length).toString('utf8'), start + length];
}
