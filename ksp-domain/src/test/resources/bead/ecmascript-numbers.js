// Test vectors for CanonicalJson.number: ECMAScript Number.prototype.toString of doubles.
const out = [];
function add(x) { out.push([ (new Float64Array([x]))[0], String(x) ]); }
const special = [0.1, 0.2, 0.1+0.2, 1.0, 1e21, 1e20, 123e18, 1e-6, 1e-7, 1.5e-7, 5e-324, 1.7976931348623157e308,
  2**53, 2**53+2, 2**60, 2**64, 0.000001, 0.0000001, 123456789012345680000, 1.2345e-10, 100, 1e100, 4.35, 0.3,
  2/3, 1/3, 9007199254740993, 1e22, 1.1e21, 999999999999999900000, 5e-7, 0.5, 2.5, 1e-300, 3.14159, 12345.6789];
special.forEach(add);
let seed = 42;
function rnd() { seed = (seed * 1103515245 + 12345) % 2147483648; return seed / 2147483648; }
const buf = new DataView(new ArrayBuffer(8));
for (let i = 0; i < 3000; i++) {
  // random bit patterns (finite, positive)
  buf.setUint32(0, Math.floor(rnd() * 0x7FEFFFFF)); buf.setUint32(4, Math.floor(rnd() * 0xFFFFFFFF));
  const x = buf.getFloat64(0); if (isFinite(x) && x > 0) add(x);
  add(Math.round(rnd() * 1e6) / 1000);
  add(rnd() * Math.pow(10, Math.floor(rnd() * 40) - 20));
}
// write as hex bits so the Java side reads the exact double
console.log(out.map(([x, s]) => { buf.setFloat64(0, x); return buf.getBigUint64(0).toString(16).padStart(16,'0') + ' ' + s; }).join('\n'));
