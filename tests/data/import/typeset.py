#!/usr/bin/env python3
"""How the raw test pages here were made (python3 typeset.py rewrites them).

The articles under expected/ were written by hand.  This sets them the way
a newspaper column does and a PDF text extraction shows it: one column line
per text line; the 2-em indent of a first line invisible (the line is just
shorter) or shown as two U+3000; 禁则 (no line starts with ，。、 etc., none
ends with “（《); punctuation squeezed to half an em where that lets a line
take one more character; a line left 1 em or more short letter-spaced; the
dateline's "3月 13日" space.  Pages then get headlines, labels and captions
around the bodies, with or without blank lines.  page-d was edited by hand
afterwards (trailing spaces, a form feed), and page-a-w12.gb18030.txt is
`iconv -f UTF-8 -t GB18030 page-a-w12.txt`.  None of this is the importer's
code: the importer must recover the hand-written articles from the pages."""
import re, sys
NOSTART=set('，。、；：！？）》”’」』】…—·%')
NOEND=set('（《“‘「『【')
PUNCT=NOSTART|NOEND
def parse_article(path):
    hdr={}; paras=[]; cur=[]
    lines=open(path,encoding='utf-8').read().split('\n')
    i=0
    while lines[i].strip():
        k,v=lines[i].split(':',1); hdr[k.strip()]=v.strip(); i+=1
    for l in lines[i+1:]:
        if l.strip(): cur.append(l.strip())
        elif cur: paras.append(''.join(cur)); cur=[]
    if cur: paras.append(''.join(cur))
    return hdr,paras
def tokens(p):
    out=[]; i=0
    while i<len(p):
        c=p[i]
        if c.isascii() and c!=' ':
            j=i
            while j<len(p) and p[j].isascii() and p[j]!=' ': j+=1
            out.append((p[i:j],0.5*(j-i),'lat')); i=j; continue
        if c==' ': out.append((' ',0.5,'sp')); i+=1; continue
        out.append((c,1.0,'pun' if c in PUNCT else 'han')); i+=1
    return out
def can_break(a,b):
    # may a line end after token a and the next start with b?
    if b[0][0] in NOSTART: return False
    if a[0][-1] in NOEND: return False
    if a[2]=='lat' and b[2]=='han' and a[0][-1].isdigit(): return False   # 3月
    if a[2]=='sp' or b[2]=='sp': return a[2]=='sp'  # break after a space only
    return True
def setpara(p, W, first_indent=2):
    """Greedy fill; CJK punctuation is 1 em but each mark in a line can give
    up half an em (compression) when that lets the line take one more mark
    or character; a line left 1 em or more short is letter-spaced."""
    t=tokens(p); lines=[]; i=0; first=True
    def width(seg):
        w=sum(x[1] for x in seg); np=sum(1 for x in seg if x[2]=='pun')
        return w, w-0.5*np
    while i<len(t):
        avail=W-(first_indent if first else 0)
        j=i; best=None
        while j<len(t):
            natural,squeezed=width(t[i:j+1])
            if squeezed>avail+1e-9: break
            j+=1
            if j==len(t) or can_break(t[j-1],t[j]): best=j
        if best is None or best<=i: best=max(j,i+1)
        seg=t[i:best]
        while seg and seg[-1][2]=='sp': seg=seg[:-1]
        text=''.join(x[0] for x in seg)
        natural,_=width(seg)
        if best<len(t) and avail-natural>=1.0:
            text=' '.join(x[0] for x in seg)   # letter-spaced by justification
        lines.append(text)
        j=best
        while j<len(t) and t[j][2]=='sp': j+=1
        i=j; first=False
    return lines
def dateline_quirk(p):
    # the corpus's extraction puts a space between 月 and the day digits
    return re.sub(r'^(本报讯（[^）]*）\d+月)(\d+日)', r'\1 \2', p)
def body(path, W, note_space=False):
    hdr,paras=parse_article(path); out=[]
    for k,p in enumerate(paras):
        if k==0: p=dateline_quirk(p)
        if note_space: p=re.sub(r'。（', '。 （', p)
        out+=setpara(p,W)
    return out
def emit(blocks, blank):
    out=[]
    for b in blocks:
        for l in b:
            out.append(l)
            if blank: out.append('')
    return '\n'.join(out).rstrip('\n')+'\n'
def body_marked(path, W):
    """Like body(), with the indent shown as two U+3000 (copy from a PDF viewer)."""
    hdr,paras=parse_article(path); out=[]
    for k,p in enumerate(paras):
        if k==0: p=dateline_quirk(p)
        ls=setpara(p,W)
        out+=['\u3000\u3000'+ls[0]]+ls[1:]
    return out


def main():
    import os
    here = os.path.dirname(os.path.abspath(__file__))
    E = os.path.join(here, 'expected') + '/'
    pages = {}
    pages['page-a-w12'] = emit([['社区'], body(E + 'page-a-w12/01.txt', 12),
                                ['图为小读者在少儿阅读区看书。 本报记者 林晓雨 摄']], True) + \
        '\n聚焦“一刻钟便民生活圈”：\n卢沟桥街道社区图书馆焕新开放\n\n新增阅览座位八十个 周末延长开放至晚九点\n\n' + \
        emit([body(E + 'page-a-w12/02.txt', 12), ['让“家门口”的服务更有温度']], True)
    pages['page-b-w20'] = emit([['智慧社区平台上线 居民办事“掌上通”'], body(E + 'page-b-w20/01.txt', 20),
                                ['扫码看视频'], ['春季植树季启动：', '全区今年计划新增绿地三十公顷'],
                                body(E + 'page-b-w20/02.txt', 20)], False)
    pages['page-c-w24'] = emit([body(E + 'page-c-w24/01.txt', 24, note_space=True),
                                ['永定河畔“百年老厂”变身文化园区'], ['——南苑老工业厂房更新改造见闻'],
                                body(E + 'page-c-w24/02.txt', 18)], True) + \
        '文明城区创建进行时：\n背街小巷有了“街巷长”\n\n广告\n'
    d = emit([body_marked(E + 'page-d-w16/01.txt', 16),
              ['南苑街道开展春季消防安全大检查', '排查隐患一百二十余处 已整改九成以上'],
              body_marked(E + 'page-d-w16/02.txt', 10), ['一季度全区新增就业岗位五千个']], False).split('\n')
    d[1] += ' '
    d[8] += '  '
    pages['page-d-w16'] = '\n'.join(d).rstrip('\n') + '\n\f'
    pages['page-e-w14-indented'] = emit([body_marked(E + 'page-c-w24/01.txt', 14),
                                         ['永定河畔“百年老厂”变身文化园区'], ['——南苑老工业厂房更新改造见闻'],
                                         body_marked(E + 'page-c-w24/02.txt', 10)], False) + \
        '文明城区创建进行时：\n背街小巷有了“街巷长”\n广告\n'
    pages['page-f-w30-w9'] = emit([['社区'], body(E + 'page-a-w12/01.txt', 30),
                                   ['图为小读者在少儿阅读区看书。 本报记者 林晓雨 摄']], True) + \
        '\n聚焦“一刻钟便民生活圈”：\n卢沟桥街道社区图书馆焕新开放\n\n新增阅览座位八十个 周末延长开放至晚九点\n\n' + \
        emit([body(E + 'page-a-w12/02.txt', 9), ['让“家门口”的服务更有温度']], True)

    # pages g-l (issue 13): other layouts, each article's byline or source
    # printed on a line of its own where the dateline does not give it.
    # g, h, i, j tune the importer; k and l are held out (README.md).
    G = E + 'page-g-w10/'
    pages['page-g-w10'] = emit([['聚焦春季环境整治：', '南苑街道清理背街小巷堆物堆料',
                                 '三个月内整治一百二十条小巷 居民全程参与评议', '记者 张三 通讯员 李四'],
                                body(G + '01.txt', 10), ['图为居民在小巷里清理杂物。 本报记者 张三 摄'],
                                ['社区食堂推出老年助餐套餐'], body(G + '02.txt', 10)], False)
    H = E + 'page-h-w28/'
    pages['page-h-w28'] = emit([body(H + '01.txt', 28), ['来源：区融媒体中心'],
                                ['口袋公园迎来首批“认养家庭”', '——卢沟桥街道探索绿地共建共治'],
                                body(H + '02.txt', 28),
                                ['文明城区创建进行时：', '背街小巷有了“街巷长”', '本报记者 王磊 实习记者 张一帆']], True)
    I = E + 'page-i-w16/'
    pages['page-i-w16'] = emit([['南苑街道开展春季消防安全检查', '通讯员 刘畅'], body(I + '01.txt', 16),
                                ['春季义务植树活动启动', '三百余名志愿者参加 栽下树木一千二百余株'],
                                body(I + '02.txt', 16), ['扫码看视频']], False)
    J = E + 'page-j-w20-w12/'
    pages['page-j-w20-w12'] = emit([['卢沟桥街道社区图书馆焕新开放'], body(J + '01.txt', 20),
                                    ['来源：丰台区文化和旅游局'], ['简讯'],
                                    ['口袋公园迎来首批“认养家庭”', '——卢沟桥街道探索绿地共建共治'],
                                    body(J + '02.txt', 12), ['来源：区融媒体中心']], False)
    K = E + 'page-k-w13/'
    pages['page-k-w13'] = emit([body(K + '01.txt', 13),
                                ['聚焦春季环境整治：', '南苑街道清理背街小巷堆物堆料',
                                 '三个月内整治一百二十条小巷 居民全程参与评议', '记者 张三 通讯员 李四'],
                                body(K + '02.txt', 13), ['南苑街道开展春季消防安全检查', '通讯员 刘畅']], True)
    L = E + 'page-l-w25-w18/'
    pages['page-l-w25-w18'] = emit([['文明城区创建进行时：', '背街小巷有了“街巷长”', '本报记者 王磊 实习记者 张一帆'],
                                    body_marked(L + '01.txt', 25),
                                    ['春季义务植树活动启动', '三百余名志愿者参加 栽下树木一千二百余株'],
                                    body_marked(L + '02.txt', 18), ['图为志愿者在湿地公园植树。 王芳 摄'],
                                    ['社区食堂推出老年助餐套餐'], body_marked(L + '03.txt', 18)], False)
    M = E + 'page-m-w30/'
    pages['page-m-w30'] = emit([['社区养老驿站增设助浴服务', '记者 赵明 通讯员 孙丽'], body(M + '01.txt', 30),
                                ['简讯'], ['东铁匠营街道举办春季招聘会'], body(M + '02.txt', 30),
                                ['区图书馆推出夜间自习室'], body(M + '03.txt', 30), ['来源：区文化和旅游局']], False)
    N = E + 'page-n-w11/'
    pages['page-n-w11'] = emit([body(N + '01.txt', 11), ['春风送岗位：', '东铁匠营街道举办春季招聘会'],
                                ['扫码看视频'], body(N + '02.txt', 11),
                                ['社区养老驿站增设助浴服务', '记者 赵明 通讯员 孙丽']], True)
    for name, text in pages.items():
        with open(os.path.join(here, name + '.txt'), 'w', encoding='utf-8') as f:
            f.write(text)


if __name__ == '__main__':
    main()
