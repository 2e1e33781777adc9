"""Common Vietnamese product words and what tourists type for them: the search's data tables.

A product whose Vietnamese name (or subgroup) contains a glossary word is indexed under that
word's equivalents too, so "honey", "miel", "蜂蜜" or "꿀" find "Mật ong rừng U Minh" even when
the official list gave no translated name. Vietnamese words are matched with their diacritics
(lower case): "hồi" (star anise) is not "hội" (association). Equivalents are what a visitor
would type, several per language where usage varies.

Groups are named in every shop language: a tourist searching "handicraft" or "飲料" finds the
group's products.
"""

from __future__ import annotations

from dataclasses import dataclass

LANGUAGES = ("vi", "en", "fr", "zh", "ko", "ja")


@dataclass(frozen=True)
class Entry:
    vi: tuple[str, ...]  # the Vietnamese words, with diacritics, lower case
    en: tuple[str, ...] = ()
    fr: tuple[str, ...] = ()
    zh: tuple[str, ...] = ()
    ko: tuple[str, ...] = ()
    ja: tuple[str, ...] = ()

    def terms(self, language: str) -> tuple[str, ...]:
        terms: tuple[str, ...] = getattr(self, language)
        return terms


def _e(vi: str, en: str = "", fr: str = "", zh: str = "", ko: str = "", ja: str = "") -> Entry:
    """One entry from "|"-separated alternatives per language (a readable table below)."""

    def split(text: str) -> tuple[str, ...]:
        return tuple(t.strip() for t in text.split("|") if t.strip())

    return Entry(split(vi), split(en), split(fr), split(zh), split(ko), split(ja))


# fmt: off
GLOSSARY: tuple[Entry, ...] = (
    # vi                           en                                fr                                   zh               ko                ja
    _e("mật ong",                  "honey",                          "miel",                              "蜂蜜",          "꿀|벌꿀",        "蜂蜜|はちみつ"),
    _e("trà|chè",                  "tea",                            "thé",                               "茶",            "차",             "茶|お茶"),
    _e("cà phê",                   "coffee",                         "café",                              "咖啡",          "커피",           "コーヒー"),
    _e("ca cao",                   "cocoa|chocolate",                "cacao|chocolat",                    "可可",          "코코아",         "ココア"),
    _e("nước mắm",                 "fish sauce",                     "sauce de poisson|nuoc-mâm",         "鱼露",          "피시 소스|느억맘", "ヌックマム|魚醤"),
    _e("mắm",                      "fermented fish|fish paste",      "pâte de poisson",                   "鱼酱",          "젓갈",           "塩辛"),
    _e("mắm tôm",                  "shrimp paste",                   "pâte de crevettes",                 "虾酱",          "새우젓",         "エビの塩辛"),
    _e("gạo",                      "rice",                           "riz",                               "大米|米",       "쌀",             "米|お米"),
    _e("nếp",                      "sticky rice|glutinous rice",     "riz gluant",                        "糯米",          "찹쌀",           "もち米"),
    _e("rượu",                     "wine|liquor|spirit",             "vin|liqueur|alcool",                "酒",            "술",             "酒"),
    _e("tiêu",                     "pepper",                         "poivre",                            "胡椒",          "후추",           "胡椒|コショウ"),
    _e("hạt điều",                 "cashew|cashew nuts",             "cajou|noix de cajou",               "腰果",          "캐슈넛",         "カシューナッツ"),
    _e("bưởi",                     "pomelo|grapefruit",              "pamplemousse|pomelo",               "柚子",          "자몽|포멜로",    "ザボン|ポメロ"),
    _e("xoài",                     "mango",                          "mangue",                            "芒果",          "망고",           "マンゴー"),
    _e("dừa",                      "coconut",                        "noix de coco|coco",                 "椰子",          "코코넛",         "ココナッツ"),
    _e("sâm",                      "ginseng",                        "ginseng",                           "人参",          "인삼",           "人参|高麗人参"),
    _e("tinh dầu",                 "essential oil",                  "huile essentielle",                 "精油",          "에센셜 오일",    "精油|エッセンシャルオイル"),
    _e("gốm",                      "pottery|ceramics",               "poterie|céramique",                 "陶瓷|陶器",     "도자기",         "陶器|焼き物"),
    _e("thổ cẩm",                  "brocade|textile",                "brocart|tissage",                   "织锦",          "직물|브로케이드", "錦織"),
    _e("mây tre|mây|tre",          "rattan|bamboo|basketry",         "rotin|bambou|vannerie",             "藤编|竹|藤",    "등나무|대나무",  "籐|竹"),
    _e("nấm",                      "mushroom|mushrooms",             "champignon|champignons",            "蘑菇|菌",       "버섯",           "きのこ"),
    _e("mứt",                      "candied fruit|jam",              "fruits confits|confiture",          "蜜饯|果酱",     "과일 설탕절임|잼", "砂糖漬け|ジャム"),
    _e("bánh",                     "cake|pastry",                    "gâteau|pâtisserie",                 "糕点|饼",       "케이크|과자",    "菓子|ケーキ"),
    _e("kẹo",                      "candy|sweets",                   "bonbon|confiserie",                 "糖果",          "사탕",           "飴|キャンディ"),
    _e("cá khô|khô cá",            "dried fish",                     "poisson séché",                     "鱼干",          "건어물|말린 생선", "干物|干し魚"),
    _e("mực",                      "squid",                          "calmar|encornet",                   "鱿鱼",          "오징어",         "イカ"),
    _e("tôm",                      "shrimp|prawn",                   "crevette",                          "虾",            "새우",           "エビ"),
    _e("tỏi",                      "garlic",                         "ail",                               "大蒜|蒜",       "마늘",           "ニンニク"),
    _e("gừng",                     "ginger",                         "gingembre",                         "姜|生姜",       "생강",           "生姜|ショウガ"),
    _e("quế",                      "cinnamon",                       "cannelle",                          "肉桂|桂皮",     "계피",           "シナモン|肉桂"),
    _e("hồi",                      "star anise",                     "anis étoilé|badiane",               "八角",          "팔각",           "八角|スターアニス"),
    _e("nghệ",                     "turmeric",                       "curcuma",                           "姜黄",          "강황",           "ウコン"),
    _e("sả",                       "lemongrass",                     "citronnelle",                       "香茅",          "레몬그라스",     "レモングラス"),
    _e("ớt",                       "chili|chilli",                   "piment",                            "辣椒",          "고추",           "唐辛子"),
    _e("muối",                     "salt",                           "sel",                               "盐",            "소금",           "塩"),
    _e("đường",                    "sugar",                          "sucre",                             "糖",            "설탕",           "砂糖"),
    _e("dầu",                      "oil",                            "huile",                             "油",            "오일|기름",      "油|オイル"),
    _e("chuối",                    "banana",                         "banane",                            "香蕉",          "바나나",         "バナナ"),
    _e("vải",                      "lychee|litchi",                  "litchi",                            "荔枝",          "리치",           "ライチ"),
    _e("nhãn",                     "longan",                         "longane",                           "龙眼",          "용안",           "リュウガン"),
    _e("thanh long",               "dragon fruit|pitaya",            "fruit du dragon|pitaya",            "火龙果",        "용과",           "ドラゴンフルーツ"),
    _e("sầu riêng",                "durian",                         "durian",                            "榴莲",          "두리안",         "ドリアン"),
    _e("cam",                      "orange",                         "orange",                            "橙子|橙",       "오렌지",         "オレンジ"),
    _e("chanh",                    "lime|lemon",                     "citron vert|citron",                "柠檬|青柠",     "라임|레몬",      "ライム|レモン"),
    _e("măng",                     "bamboo shoots",                  "pousses de bambou",                 "竹笋",          "죽순",           "タケノコ"),
    _e("miến",                     "glass noodles|vermicelli",       "vermicelles",                       "粉丝",          "당면",           "春雨"),
    _e("phở|bún|bánh phở",         "noodles|rice noodles",           "nouilles|nouilles de riz",          "米粉|河粉",     "쌀국수",         "フォー|米麺"),
    _e("bánh tráng|bánh đa",       "rice paper",                     "galette de riz",                    "米纸",          "라이스페이퍼",   "ライスペーパー"),
    _e("lạp xưởng",                "sausage|chinese sausage",        "saucisse",                          "腊肠",          "소시지",         "ソーセージ"),
    _e("chả",                      "pork roll|fish cake",            "pâté",                              "肉饼",          "어묵",           "さつま揚げ"),
    _e("thịt",                     "meat",                           "viande",                            "肉",            "고기",           "肉"),
    _e("trứng",                    "egg|eggs",                       "oeuf|oeufs",                        "蛋",            "달걀",           "卵"),
    _e("sữa",                      "milk",                           "lait",                              "牛奶|奶",       "우유",           "牛乳|ミルク"),
    _e("yến",                      "bird's nest|swiftlet nest",      "nid d'hirondelle",                  "燕窝",          "제비집",         "燕の巣"),
    _e("đông trùng hạ thảo",       "cordyceps",                      "cordyceps",                         "虫草|冬虫夏草", "동충하초",       "冬虫夏草"),
    _e("hạt sen|sen",              "lotus seeds|lotus",              "graines de lotus|lotus",            "莲子|莲",       "연씨|연꽃",      "蓮の実|蓮"),
    _e("lạc|đậu phộng",            "peanut|peanuts",                 "cacahuète|arachide",                "花生",          "땅콩",           "ピーナッツ"),
    _e("mè|vừng",                  "sesame",                         "sésame",                            "芝麻",          "참깨",           "ゴマ"),
    _e("atiso",                    "artichoke",                      "artichaut",                         "洋蓟",          "아티초크",       "アーティチョーク"),
    _e("nón lá|nón",               "conical hat|hat",                "chapeau conique",                   "斗笠",          "논라|삿갓",      "ノンラー|笠"),
    _e("lụa",                      "silk",                           "soie",                              "丝绸",          "실크",           "シルク|絹"),
    _e("thêu",                     "embroidery",                     "broderie",                          "刺绣",          "자수",           "刺繍"),
    _e("gỗ",                       "wood|wooden",                    "bois",                              "木|木制",       "나무|목재",      "木|木製"),
    _e("sơn mài",                  "lacquer|lacquerware",            "laque",                             "漆器",          "칠기",           "漆器"),
    _e("hoa|lan|mai",              "flower|flowers|orchid",          "fleur|fleurs|orchidée",             "花|兰花",       "꽃|난초",        "花|蘭"),
    _e("cây cảnh|bonsai",          "bonsai|ornamental plant",        "bonsaï|plante ornementale",         "盆景",          "분재",           "盆栽"),
    _e("du lịch|homestay",         "tour|tourism|homestay",          "tourisme|séjour chez l'habitant",   "旅游|民宿",     "관광|홈스테이",  "観光|ホームステイ"),
)
# fmt: on

# The OCOP groups (Decision 148 and the older lists) in every shop language.
# fmt: off
GROUP_NAMES: dict[str, dict[str, str]] = {
    "food":        {"vi": "Thực phẩm", "en": "Food", "fr": "Alimentation", "zh": "食品", "ko": "식품", "ja": "食品"},
    "beverages":   {"vi": "Đồ uống", "en": "Beverages|Drinks", "fr": "Boissons", "zh": "饮料|饮品", "ko": "음료", "ja": "飲料|飲み物"},
    "herbs":       {"vi": "Dược liệu và sản phẩm từ dược liệu", "en": "Medicinal herbs|Herbal products", "fr": "Plantes médicinales|Produits à base de plantes", "zh": "药材|草药", "ko": "약초|한방 제품", "ja": "薬草|生薬"},
    "handicrafts": {"vi": "Thủ công mỹ nghệ", "en": "Handicrafts|Crafts", "fr": "Artisanat", "zh": "手工艺品", "ko": "수공예품", "ja": "手工芸品|工芸品"},
    "ornamentals": {"vi": "Sinh vật cảnh", "en": "Ornamental plants and animals", "fr": "Plantes et animaux d'ornement", "zh": "观赏动植物", "ko": "관상용 동식물", "ja": "観賞用動植物"},
    "tourism":     {"vi": "Dịch vụ du lịch cộng đồng, du lịch sinh thái và điểm du lịch", "en": "Community tourism|Ecotourism|Tourist destinations", "fr": "Tourisme communautaire|Écotourisme", "zh": "社区旅游|生态旅游", "ko": "공동체 관광|생태 관광", "ja": "コミュニティツーリズム|エコツーリズム"},
    "textiles":    {"vi": "Vải và may mặc", "en": "Textiles and garments", "fr": "Textiles et vêtements", "zh": "纺织品|服装", "ko": "섬유|의류", "ja": "織物|衣料品"},
    "souvenirs":   {"vi": "Lưu niệm - nội thất - trang trí", "en": "Souvenirs|Furniture|Decoration", "fr": "Souvenirs|Mobilier|Décoration", "zh": "纪念品|家具|装饰品", "ko": "기념품|가구|장식품", "ja": "お土産|家具|装飾品"},
}
# fmt: on


def group_names(group: str, language: str) -> tuple[str, ...]:
    """The names of an OCOP group (its code, e.g. "food") in ``language``."""
    text = GROUP_NAMES.get(group, {}).get(language, "")
    return tuple(t.strip() for t in text.split("|") if t.strip())
