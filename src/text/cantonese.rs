//! Written Cantonese folded to Mandarin, so a Hong Kong user's "點解上傳咗
//! 唔得" meets the knowledge base's "为什么上传了不行". Only characters and
//! phrases that are Cantonese-specific are mapped: 係 and 點 also occur in
//! Mandarin text, so they are left alone unless part of a Cantonese phrase.
//! Runs after Traditional->Simplified folding.

/// (Cantonese, Mandarin), longest first so phrases win over characters.
const FOLDS: &[(&str, &str)] = &[
    ("点解", "为什么"),
    ("点算", "怎么办"),
    ("点样", "怎样"),
    ("几耐", "多久"),
    ("几多", "多少"),
    ("乜嘢", "什么"),
    ("咩嘢", "什么"),
    ("而家", "现在"),
    ("唔该", "谢谢"),
    ("系咪", "是不是"),
    ("系唔系", "是不是"),
    ("唔得", "不行"),
    ("嗰阵", "那时"),
    ("搞掂", "搞定"),
    ("边度", "哪里"),
    ("边个", "谁"),
    ("呢个", "这个"),
    ("呢度", "这里"),
    ("呢张", "这张"),
    ("呢次", "这次"),
    // 影 is "to photograph" only in these: Mandarin's 影响 and 阴影 stay.
    ("影相", "拍照"),
    ("影低", "拍下"),
    ("影张", "拍张"),
    ("影证件", "拍证件"),
    ("影身份证", "拍身份证"),
    ("影护照", "拍护照"),
    ("上载", "上传"),
    // 矇 (blurry) is 蒙 once Traditional is folded.
    ("好蒙", "很模糊"),
    ("太蒙", "太模糊"),
    ("好矇", "很模糊"),
    ("太矇", "太模糊"),
    ("唔", "不"),
    ("咗", "了"),
    ("嘅", "的"),
    ("喺", "在"),
    ("冇", "没"),
    ("佢", "他"),
    ("哋", "们"),
    ("啲", "些"),
    ("嘢", "东西"),
    ("睇", "看"),
    ("咩", "什么"),
    ("乜", "什么"),
    ("咁", "这么"),
    ("嚟", "来"),
    ("攞", "拿"),
    ("畀", "给"),
    ("俾", "给"),
    ("揾", "找"),
    ("㗎", ""),
    ("喎", ""),
    ("囉", ""),
    ("啰", ""),
    ("嘞", ""),
    ("咋", ""),
    ("嗰", "那"),
    ("啱", "对"),
    ("拣", "选"),
];

/// Characters that only written Cantonese uses; text without any of them
/// is returned untouched (the common case costs one scan).
fn has_cantonese(text: &str) -> bool {
    text.chars().any(|c| {
        matches!(
            c,
            '唔' | '咗'
                | '嘅'
                | '喺'
                | '冇'
                | '佢'
                | '哋'
                | '啲'
                | '嘢'
                | '睇'
                | '咩'
                | '乜'
                | '咁'
                | '嚟'
                | '攞'
                | '畀'
                | '俾'
                | '揾'
                | '㗎'
                | '喎'
                | '囉'
                | '啰'
                | '嘞'
                | '咋'
                | '嗰'
                | '啱'
        )
    })
}

/// Folds Cantonese words to their Mandarin equivalents.
pub fn fold(text: String) -> String {
    if !has_cantonese(&text) {
        return text;
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text.as_str();
    'scan: while let Some(c) = rest.chars().next() {
        for (from, to) in FOLDS {
            if let Some(after) = rest.strip_prefix(from) {
                out.push_str(to);
                rest = after;
                continue 'scan;
            }
        }
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
    out
}

#[cfg(test)]
mod tests {
    use super::fold;

    #[test]
    fn cantonese_reads_as_mandarin() {
        assert_eq!(fold("点解上传咗唔得".into()), "为什么上传了不行");
        assert_eq!(fold("要等几耐㗎".into()), "要等多久");
        assert_eq!(fold("系咪要熄咗闪光灯".into()), "是不是要熄了闪光灯");
        assert_eq!(
            fold("影证件嗰阵手指遮住咗个角".into()),
            "拍证件那时手指遮住了个角"
        );
        assert_eq!(fold("相片太蒙，上载唔到".into()), "相片太模糊，上传不到");
    }

    #[test]
    fn mandarin_is_untouched() {
        assert_eq!(fold("系统显示审核中".into()), "系统显示审核中");
        assert_eq!(fold("一点解决办法都没有".into()), "一点解决办法都没有");
        // 影 outside a Cantonese photo phrase, in Cantonese text: left alone.
        assert_eq!(fold("会唔会影响审核".into()), "会不会影响审核");
    }
}
