#!/usr/bin/env bash
# Regenerates the image-codec conformance fixtures in this folder. CI does not run it: tests only read the committed
# files. Run it by hand after changing it, check `git diff --stat`, and commit the results.
#
# Needs: ImageMagick 6 (convert), libjpeg-turbo tools (cjpeg, djpeg), netpbm (pnmtopng, pamflip, ...), python3.
# On Debian: apt-get install imagemagick libjpeg-turbo-progs netpbm
#
# Every fixture gets a reference: its pixels decoded by an independent tool and written as raw 8-bit RGBA
# (width * height * 4 bytes, top row first) in <fixture>.rgba. The decoders used for references:
#   PNG      netpbm: pngtopam -alphapam (libpng), then pamdepth 255, which reduces 16-bit samples as
#            (v * 255 + 32767) / 65535 = round(v / 257), the rounding our decoder documents. (ImageMagick 6 is not
#            used for PNG: its "-depth 8" output truncates 16-bit samples to floor(v / 257) and loses a unit on
#            colour channels of 16-bit RGBA.) For 8-bit PNGs the script also checks that ImageMagick agrees.
#   PGM/PPM  netpbm: pamdepth 255, rounding (v * 255 + maxval / 2) / maxval like our decoder.
#   BMP      ImageMagick: convert FILE -depth 8 rgba:REF.
#   JPEG     djpeg -pnm (libjpeg-turbo defaults: accurate integer IDCT, fancy upsampling), then pamflip for the EXIF
#            orientation fixtures (djpeg ignores the tag).
# manifest.txt lists one fixture per line: <file> <width> <height> <channels> <max-abs-diff>
# (channels: what our decoder must return; max-abs-diff: allowed per-sample difference from the reference).
# JPEG tolerances are 0: our decoder reproduces djpeg (libjpeg-turbo 2.1.5: islow IDCT, fancy upsampling, libjpeg's
# colour tables) bit for bit. References made by a decoder with another IDCT or upsampling would need 1 to 3.
set -euo pipefail
cd "$(dirname "$0")"

for tool in convert cjpeg djpeg pnmtopng pamdepth pamflip pnmcolormap pnmremap ppmtopgm python3; do
    command -v "$tool" > /dev/null || { echo "missing tool: $tool" >&2; exit 1; }
done

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
rm -rf png jpeg bmp pnm manifest.txt
mkdir -p png jpeg bmp pnm

manifest() { echo "$1 $2 $3 $4 $5" >> manifest.txt; }

# Writes 8-bit PNM/PAM from stdin (P5, P6 or P7 with depth 1-4, maxval 255) to stdout as raw RGBA.
pam_to_rgba() {
    python3 -c "
import sys
data = sys.stdin.buffer.read()
if data[:2] == b'P7':
    end = data.index(b'ENDHDR\\n') + 7
    fields = dict(line.split(b' ', 1) for line in data[3:end - 7].split(b'\\n') if b' ' in line)
    width, height, depth = int(fields[b'WIDTH']), int(fields[b'HEIGHT']), int(fields[b'DEPTH'])
    assert int(fields[b'MAXVAL']) == 255
    raster = data[end:]
else:
    magic, size, maxval, raster = data.split(b'\\n', 3)
    width, height = map(int, size.split())
    depth = 1 if magic == b'P5' else 3
    assert int(maxval) == 255 and magic in (b'P5', b'P6')
out = bytearray()
for i in range(width * height):
    p = raster[i * depth:(i + 1) * depth]
    out += {1: p * 3 + b'\\xff', 2: p[:1] * 3 + p[1:], 3: p + b'\\xff', 4: p}[depth]
sys.stdout.buffer.write(bytes(out))
"
}

# References: ImageMagick (BMP), netpbm (PNG, PGM/PPM).
ref_im() { convert "$1" -depth 8 "rgba:$1.rgba"; }
ref_png() {
    pngtopam -alphapam "$1" | pamdepth 255 | pam_to_rgba > "$1.rgba"
    if [ "$(python3 -c "import sys; print(open(sys.argv[1], 'rb').read()[24])" "$1")" -le 8 ]; then
        convert "$1" -depth 8 "rgba:$work/im.rgba"
        cmp -s "$1.rgba" "$work/im.rgba" || echo "warning: ImageMagick and netpbm disagree on $1" >&2
    fi
}
ref_pnm() { pamdepth 255 "$1" | pam_to_rgba > "$1.rgba"; }

# ---------------------------------------------------------------------------------------------------------------
# Sources: a colourful plasma (8-bit and true 16-bit), a gray gradient with texture, a horizontal alpha ramp,
# at 33x17 (odd, not a multiple of 8 or 16) and 13x7.
make_sources() {
    local w=$1 h=$2 tag=$3
    convert -size "${w}x${h}" -seed 7 plasma:red-blue -strip -depth 16 "$work/rgb16-$tag.ppm"
    convert "$work/rgb16-$tag.ppm" -depth 8 "$work/rgb-$tag.ppm"
    convert -size "${w}x${h}" gradient:white-black -seed 3 \( -size "${w}x${h}" plasma:gray -colorspace gray \) \
        -compose blend -define compose:args=50 -composite -strip -depth 16 "$work/gray16-$tag.pgm"
    convert "$work/gray16-$tag.pgm" -depth 8 "$work/gray-$tag.pgm"
    convert -size "${h}x${w}" gradient:black-white -rotate 90 -strip -depth 8 "$work/alpha-$tag.pgm"
    pamdepth 65535 "$work/alpha-$tag.pgm" > "$work/alpha16-$tag.pgm"
    # A two-level mask (for palette transparency) and a 16-colour version of the plasma.
    convert "$work/alpha-$tag.pgm" -threshold 40% -depth 8 "$work/mask-$tag.pgm"
}
make_sources 33 17 big
make_sources 13 7 small
convert -size 1x1 xc:'rgb(200,30,90)' -depth 8 "$work/rgb-one.ppm"
convert -size 3x2 -seed 5 plasma: -depth 8 "$work/rgb-tiny.ppm"

quantize() { # colours input output
    pnmcolormap "$1" "$2" > "$work/map.ppm" 2> /dev/null
    pnmremap -mapfile="$work/map.ppm" "$2" > "$3" 2> /dev/null
}
quantize 2 "$work/rgb-big.ppm" "$work/q2.ppm"
quantize 4 "$work/rgb-big.ppm" "$work/q4.ppm"
quantize 16 "$work/rgb-big.ppm" "$work/q16.ppm"
quantize 200 "$work/rgb-big.ppm" "$work/q200.ppm"
quantize 16 "$work/rgb-small.ppm" "$work/q16s.ppm"

# ---------------------------------------------------------------------------------------------------------------
# PNG (netpbm's pnmtopng gives exact control over colour type, depth, filters and interlacing).
png() { # name channels width height pnmtopng-args...
    local name=$1 channels=$2 w=$3 h=$4
    shift 4
    pnmtopng "$@" > "png/$name.png" 2> /dev/null
    ref_png "png/$name.png"
    manifest "png/$name.png" "$w" "$h" "$channels" 0
}
pamdepth 1 "$work/gray-big.pgm" > "$work/g1.pgm"
pamdepth 3 "$work/gray-big.pgm" > "$work/g2.pgm"
pamdepth 15 "$work/gray-big.pgm" > "$work/g4.pgm"
png gray1 1 33 17 -force "$work/g1.pgm"
png gray2 1 33 17 -force "$work/g2.pgm"
png gray4 1 33 17 -force "$work/g4.pgm"
png gray8 1 33 17 -force "$work/gray-big.pgm"
png gray16 1 13 7 -force "$work/gray16-small.pgm"
png rgb8 3 33 17 -force "$work/rgb-big.ppm"
png rgb16 3 13 7 -force "$work/rgb16-small.ppm"
png palette1 3 33 17 "$work/q2.ppm"
png palette2 3 33 17 "$work/q4.ppm"
png palette4 3 33 17 "$work/q16.ppm"
png palette8 3 33 17 "$work/q200.ppm"
png palette4-trns 4 33 17 -alpha="$work/mask-big.pgm" "$work/q16.ppm"
png graya8 4 33 17 -force -alpha="$work/alpha-big.pgm" "$work/gray-big.pgm"
png graya16 4 13 7 -force -alpha="$work/alpha16-small.pgm" "$work/gray16-small.pgm"
png rgba8 4 33 17 -force -alpha="$work/alpha-big.pgm" "$work/rgb-big.ppm"
png rgba16 4 13 7 -force -alpha="$work/alpha16-small.pgm" "$work/rgb16-small.ppm"
# tRNS with a single transparent colour: take the colour of the first pixel.
first_gray=$(python3 -c "import sys; d=open(sys.argv[1],'rb').read(); print(d[d.index(b'255\n')+4])" "$work/gray-big.pgm")
png gray8-trns 4 33 17 -force -transparent="=rgb:$(printf '%02x/%02x/%02x' "$first_gray" "$first_gray" "$first_gray")" \
    "$work/gray-big.pgm"
first_rgb=$(python3 -c "import sys; d=open(sys.argv[1],'rb').read(); i=d.index(b'255\n')+4; print('%02x/%02x/%02x' % tuple(d[i:i+3]))" "$work/rgb-big.ppm")
png rgb8-trns 4 33 17 -force -transparent="=rgb:$first_rgb" "$work/rgb-big.ppm" 2> /dev/null
# pngtopam (netpbm 11.1) leaves the tRNS colour of an RGB image opaque; ImageMagick follows the PNG spec here.
ref_im png/rgb8-trns.png
for filter in nofilter sub up avg paeth; do
    png "rgb8-$filter" 3 33 17 -force "-$filter" "$work/rgb-big.ppm"
done
png interlaced-rgba8 4 13 7 -interlace -force -alpha="$work/alpha-small.pgm" "$work/rgb-small.ppm"
png interlaced-rgb16 3 13 7 -interlace -force "$work/rgb16-small.ppm"
png interlaced-gray1 1 33 17 -interlace -force "$work/g1.pgm"
png interlaced-palette4 3 13 7 -interlace "$work/q16s.ppm"
png interlaced-1x1 3 1 1 -interlace -force "$work/rgb-one.ppm"
png interlaced-3x2 3 3 2 -interlace -force "$work/rgb-tiny.ppm"
# Our own encoder's sibling check happens in the tests; ImageMagick's encoder is another independent writer.
convert "$work/rgb-big.ppm" -strip -define png:compression-filter=5 png/im-rgb8.png
ref_png png/im-rgb8.png
manifest png/im-rgb8.png 33 17 3 0

# ---------------------------------------------------------------------------------------------------------------
# JPEG (cjpeg writes, djpeg gives the reference).
ref_djpeg() { # jpeg [pamflip-args]
    if [ $# -gt 1 ]; then
        djpeg -pnm "$1" | pamflip "$2" > "$work/ref.pnm"
    else
        djpeg -pnm "$1" > "$work/ref.pnm"
    fi
    pam_to_rgba < "$work/ref.pnm" > "$1.rgba"
}
jpeg() { # name channels width height tolerance source cjpeg-args...
    local name=$1 channels=$2 w=$3 h=$4 tolerance=$5 source=$6
    shift 6
    cjpeg "$@" "$source" > "jpeg/$name.jpg"
    ref_djpeg "jpeg/$name.jpg"
    manifest "jpeg/$name.jpg" "$w" "$h" "$channels" "$tolerance"
}
cat > "$work/scans.txt" << 'EOF'
0 1 2: 0 0 0 1;
0: 1 5 0 2;
2: 1 63 0 1;
1: 1 63 0 1;
0: 6 63 0 2;
0: 1 63 2 1;
0 1 2: 0 0 1 0;
2: 1 63 1 0;
1: 1 63 1 0;
0: 1 63 1 0;
EOF
jpeg gray 1 33 17 0 "$work/gray-big.pgm" -quality 85
jpeg gray-progressive 1 33 17 0 "$work/gray-big.pgm" -quality 85 -progressive
jpeg 444 3 33 17 0 "$work/rgb-big.ppm" -quality 85 -sample 1x1
jpeg 422 3 33 17 0 "$work/rgb-big.ppm" -quality 85 -sample 2x1
jpeg 420 3 33 17 0 "$work/rgb-big.ppm" -quality 85 -sample 2x2
jpeg 440 3 33 17 0 "$work/rgb-big.ppm" -quality 85 -sample 1x2
jpeg 411 3 33 17 0 "$work/rgb-big.ppm" -quality 85 -sample 4x1
jpeg 32-11-11 3 33 17 0 "$work/rgb-big.ppm" -quality 85 -sample 3x2,1x1,1x1
jpeg 21-12-11 3 33 17 0 "$work/rgb-big.ppm" -quality 85 -sample 2x1,1x2,1x1
jpeg 420-optimized 3 33 17 0 "$work/rgb-big.ppm" -quality 95 -sample 2x2 -optimize
jpeg 420-progressive 3 33 17 0 "$work/rgb-big.ppm" -quality 85 -sample 2x2 -progressive
jpeg 444-progressive 3 33 17 0 "$work/rgb-big.ppm" -quality 85 -sample 1x1 -progressive
jpeg 420-scans 3 33 17 0 "$work/rgb-big.ppm" -quality 85 -sample 2x2 -scans "$work/scans.txt"
printf '0: 0 0 0 0;\n1: 0 0 0 0;\n2: 0 0 0 0;\n0: 1 63 0 0;\n1: 1 63 0 0;\n2: 1 63 0 0;\n' > "$work/dc-apart.txt"
jpeg 420-scans-dc-apart 3 33 17 0 "$work/rgb-big.ppm" -quality 85 -sample 2x2 -scans "$work/dc-apart.txt"
printf '0: 0 63 0 0;\n1: 0 63 0 0;\n2: 0 63 0 0;\n' > "$work/sequential.txt"
jpeg 420-sequential-3-scans 3 33 17 0 "$work/rgb-big.ppm" -quality 85 -sample 2x2 -scans "$work/sequential.txt"
jpeg 420-restart 3 33 17 0 "$work/rgb-big.ppm" -quality 85 -sample 2x2 -restart 1B
jpeg 422-progressive-restart 3 33 17 0 "$work/rgb-big.ppm" -quality 85 -sample 2x1 -progressive -restart 1
jpeg 420-1x1 3 1 1 0 "$work/rgb-one.ppm" -quality 85 -sample 2x2
jpeg 420-3x2 3 3 2 0 "$work/rgb-tiny.ppm" -quality 85 -sample 2x2
jpeg 420-13x7 3 13 7 0 "$work/rgb-small.ppm" -quality 75 -sample 2x2
convert -size 16x16 -seed 11 plasma:green-yellow -depth 8 "$work/rgb16x16.ppm"
jpeg 420-16x16 3 16 16 0 "$work/rgb16x16.ppm" -quality 90 -sample 2x2
# 5 x 3 = 15 one-block MCUs with a restart after each: the RST0..RST7 numbering wraps around.
convert -size 40x24 -seed 13 plasma:black-white -colorspace gray -depth 8 "$work/gray40x24.pgm"
jpeg gray-restart-wrap 1 40 24 0 "$work/gray40x24.pgm" -quality 85 -restart 1B
jpeg gray-progressive-restart-wrap 1 40 24 0 "$work/gray40x24.pgm" -quality 85 -progressive -restart 1B
cjpeg -arithmetic "$work/rgb-small.ppm" > jpeg/unsupported-arithmetic.jpg
convert "$work/rgb-small.ppm" -colorspace cmyk -quality 80 jpeg/unsupported-cmyk.jpg

# EXIF orientation: the 13x7 4:2:0 image with an APP1 segment holding IFD0 (Make, Orientation, Software) inserted
# after SOI, alternating little- and big-endian TIFF headers.
orient_args=("" "" -lr -r180 -tb -xy -r270 "-xform=transpose,leftright,topbottom" -r90)
for orientation in 1 2 3 4 5 6 7 8; do
    name="jpeg/exif-orientation-$orientation.jpg"
    python3 - "$orientation" jpeg/420-13x7.jpg "$name" << 'EOF'
import struct, sys
orientation, source, target = int(sys.argv[1]), sys.argv[2], sys.argv[3]
order = '<' if orientation % 2 else '>'
entries = [(0x010F, 2, 4, b'Cam\0'), (0x0112, 3, 1, struct.pack(order + 'HH', orientation, 0)),
           (0x0131, 2, 4, b'Gen\0')]
ifd = struct.pack(order + 'H', len(entries))
for tag, kind, count, value in entries:
    ifd += struct.pack(order + 'HHI', tag, kind, count) + value
ifd += struct.pack(order + 'I', 0)
tiff = (b'II*\0' if order == '<' else b'MM\0*') + struct.pack(order + 'I', 8) + ifd
payload = b'Exif\0\0' + tiff
data = open(source, 'rb').read()
segment = b'\xff\xe1' + struct.pack('>H', len(payload) + 2) + payload
open(target, 'wb').write(data[:2] + segment + data[2:])
EOF
    ref_djpeg "$name" ${orient_args[$orientation]:+"${orient_args[$orientation]}"}
    if [ "$orientation" -ge 5 ]; then manifest "$name" 7 13 3 0; else manifest "$name" 13 7 3 0; fi
done

# ---------------------------------------------------------------------------------------------------------------
# BMP (ImageMagick writes most; python derives top-down and 32-bit variants from the 24-bit file).
bmp() { # name channels format im-args... (format: BMP3 = 40-byte header, BMP2 = OS/2 core header, BMP = V5)
    local name=$1 channels=$2 format=$3
    shift 3
    convert "$work/rgb-big.ppm" "$@" "$format:bmp/$name.bmp"
    ref_im "bmp/$name.bmp"
    manifest "bmp/$name.bmp" 33 17 "$channels" 0
}
bmp bgr24 3 BMP3
bmp pal8 3 BMP3 -type palette -compress none
bmp pal4 3 BMP3 -colors 16 -type palette -compress none
bmp pal1 3 BMP3 -monochrome
bmp core24 3 BMP2
bmp v5-bgr24 3 BMP
bmp v5-rgb565 3 BMP -define bmp:subtype=RGB565
bmp v5-rgb555 3 BMP -define bmp:subtype=RGB555
convert "$work/rgb-big.ppm" "$work/alpha-big.pgm" -alpha off -compose copy_opacity -composite BMP:bmp/v5-bgra32.bmp
ref_im bmp/v5-bgra32.bmp
manifest bmp/v5-bgra32.bmp 33 17 4 0
convert "$work/rgb-big.ppm" -type palette -compress RLE BMP3:bmp/unsupported-rle8.bmp
python3 - bmp/bgr24.bmp << 'EOF'
import struct, sys
source = sys.argv[1]
data = bytearray(open(source, 'rb').read())
offset, = struct.unpack_from('<I', data, 10)
width, height = struct.unpack_from('<ii', data, 18)
stride24 = (width * 24 + 31) // 32 * 4
rows = [data[offset + r * stride24: offset + r * stride24 + width * 3] for r in range(height)]

def header(bits, compression, extra, pixels, header_height):
    info = struct.pack('<IiiHHIIiiII', 40, width, header_height, 1, bits, compression, len(pixels), 2835, 2835, 0, 0)
    off = 14 + len(info) + len(extra)
    return b'BM' + struct.pack('<IHHI', off + len(pixels), 0, 0, off) + info + extra + pixels

# Top-down 24-bit: negative height, rows stored top first.
top_down = b''.join(bytes(r) + b'\0' * (stride24 - width * 3) for r in reversed(rows))
open('bmp/topdown-bgr24.bmp', 'wb').write(header(24, 0, b'', top_down, -height))

# 32-bit BI_RGB: B, G, R, unused byte (set to a pattern that must be ignored).
px32 = b''.join(b''.join(bytes(r[3 * x:3 * x + 3]) + bytes([(x * 37) & 0xFF]) for x in range(width)) for r in rows)
open('bmp/bgrx32.bmp', 'wb').write(header(32, 0, b'', px32, height))

# 32-bit BI_BITFIELDS with the masks after a 40-byte header: R in bits 8-15, G in 16-23, B in 24-31, no alpha.
def pack(r):
    out = b''
    for x in range(width):
        b, g, rr = r[3 * x], r[3 * x + 1], r[3 * x + 2]
        out += struct.pack('<I', rr << 8 | g << 16 | b << 24 | 0x5A)
    return out
pxbf = b''.join(pack(r) for r in rows)
open('bmp/bitfields32.bmp', 'wb').write(header(32, 3, struct.pack('<III', 0xFF00, 0xFF0000, 0xFF000000), pxbf, height))
EOF
for name in topdown-bgr24 bgrx32 bitfields32; do
    ref_im "bmp/$name.bmp"
    manifest "bmp/$name.bmp" 33 17 3 0
done
# BITMAPV4HEADER (108 bytes): the V5 file without the colour-profile fields at the end of its header.
python3 - bmp/v5-bgra32.bmp bmp/v4-bgra32.bmp << 'EOF'
import struct, sys
data = bytearray(open(sys.argv[1], 'rb').read())
assert struct.unpack_from('<I', data, 14)[0] == 124
offset = struct.unpack_from('<I', data, 10)[0] - 16
v4 = data[:14] + struct.pack('<I', 108) + data[18:14 + 108] + data[14 + 124:]
struct.pack_into('<II', v4, 2, len(v4), 0)
struct.pack_into('<I', v4, 10, offset)
open(sys.argv[2], 'wb').write(bytes(v4))
EOF
ref_im bmp/v4-bgra32.bmp
manifest bmp/v4-bgra32.bmp 33 17 4 0

# ---------------------------------------------------------------------------------------------------------------
# PGM / PPM (and PBM).
pnm() { # name ext channels width height source im-args...
    local name=$1 ext=$2 channels=$3 w=$4 h=$5 source=$6
    shift 6
    convert "$source" "$@" "pnm/$name.$ext"
    ref_pnm "pnm/$name.$ext"
    manifest "pnm/$name.$ext" "$w" "$h" "$channels" 0
}
pnm p5 pgm 1 33 17 "$work/gray-big.pgm" -depth 8
pnm p6 ppm 3 33 17 "$work/rgb-big.ppm" -depth 8
pnm p2 pgm 1 13 7 "$work/gray-small.pgm" -depth 8 -compress none
pnm p3 ppm 3 13 7 "$work/rgb-small.ppm" -depth 8 -compress none
pnm p5-16bit pgm 1 13 7 "$work/gray16-small.pgm" -depth 16
pnm p6-16bit ppm 3 13 7 "$work/rgb16-small.ppm" -depth 16
pnm p3-16bit ppm 3 13 7 "$work/rgb16-small.ppm" -depth 16 -compress none
pnm p4 pbm 1 33 17 "$work/gray-big.pgm" -threshold 50%
pnm p1 pbm 1 13 7 "$work/gray-small.pgm" -threshold 50% -compress none
# maxval 1000 (odd scaling) and comments in the header; reference through netpbm's pamdepth.
pamdepth 1000 "$work/rgb-small.ppm" | python3 -c "
import sys
magic, size, maxval, raster = sys.stdin.buffer.read().split(b'\\n', 3)
sys.stdout.buffer.write(magic + b'\\n# generated fixture\\n' + size + b'\\n#maxval next\\n' + maxval + b'\\n' + raster)
" > pnm/p6-maxval1000-comments.ppm
ref_pnm pnm/p6-maxval1000-comments.ppm
manifest pnm/p6-maxval1000-comments.ppm 13 7 3 0
pamdepth 7 "$work/gray-small.pgm" | pnmtoplainpnm > pnm/p2-maxval7.pgm
ref_pnm pnm/p2-maxval7.pgm
manifest pnm/p2-maxval7.pgm 13 7 1 0

echo "fixtures: $(wc -l < manifest.txt) entries, $(cat png/* jpeg/* bmp/* pnm/* | wc -c) bytes"
