# Draws the server's icon: a rounded square in deep blue with a white ring (a record) joined to a dot (the connector).
import zlib, struct, math
N=48; S=8  # size, supersampling
BG=(31,95,173); FG=(255,255,255)
def cover(x,y):
    # returns (bg_alpha, fg) coverage at sample point in [0,N)
    r=10.0; # corner radius
    cx=min(max(x,r),N-r); cy=min(max(y,r),N-r)
    inside = (x-cx)**2+(y-cy)**2 <= r*r
    if not inside: return 0,0
    # ring centred at (20,24): outer 12, inner 7; dot at (37,24) r 4; bar joining
    d=math.hypot(x-20,y-24)
    fg = 7.0<=d<=12.5
    fg = fg or math.hypot(x-36.5,y-24)<=4.5
    fg = fg or (31<=x<=36.5 and 22.2<=y<=25.8)
    return 1,(1 if fg else 0)
levels=[]
img=[]
for j in range(N):
    row=[]
    for i in range(N):
        a=f=0
        for sj in range(S):
            for si in range(S):
                aa,ff=cover(i+(si+0.5)/S,j+(sj+0.5)/S); a+=aa; f+=ff
        a/=S*S; f/=S*S
        row.append((round(a*3)/3, round((f/a if a else 0)*4)/4))
    img.append(row)
pal=sorted({p for r in img for p in r})
def rgb(p):
    a,f=p; return tuple(round(BG[k]*(1-f)+FG[k]*f) for k in range(3))
plte=b''.join(bytes(rgb(p)) for p in pal); trns=bytes(round(p[0]*255) for p in pal)
assert len(pal)<=16, len(pal)
raw=b''
for r in img:
    idx=[pal.index(p) for p in r]
    raw+=b'\0'+bytes((idx[k]<<4)|idx[k+1] for k in range(0,N,2))
def chunk(t,d): return struct.pack('>I',len(d))+t+d+struct.pack('>I',zlib.crc32(t+d)&0xffffffff)
png=b'\x89PNG\r\n\x1a\n'+chunk(b'IHDR',struct.pack('>IIBBBBB',N,N,4,3,0,0,0))+chunk(b'PLTE',plte)+chunk(b'tRNS',trns)+chunk(b'IDAT',zlib.compress(raw,9))+chunk(b'IEND',b'')
open('icon.png','wb').write(png); print(len(png), len(pal))
