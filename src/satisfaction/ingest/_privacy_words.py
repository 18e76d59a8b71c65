"""Word lists for :mod:`satisfaction.ingest.privacy`: surnames, titles, keywords, words that are no name.

Every list is written with diacritics, in lower case; in text without diacritics the rules compare words folded
to ASCII (:func:`satisfaction.vietnamese.strip_diacritics`), and case never matters.
"""

from __future__ import annotations

#: Vietnamese family names, about 99% of the population (the first syllable of a name the rule redacts).
SURNAMES = """
nguyễn trần lê phạm hoàng huỳnh phan vũ võ đặng bùi đỗ hồ ngô dương lý đào đoàn đinh lâm mai trịnh trương
lương tô hà cao tạ quách chu kiều thái lưu vương tăng triệu từ la phùng nghiêm lại thân châu mạc hứa tống
khúc kim doãn lục lã âu giang ninh cù mã tiêu bạch viên nông lò sầm hầu khổng đàm diệp tôn thạch bế
đồng phí tiết vi hoa trình thiều khương cấn chế đới giáp hán kha khuất lành lữ mẫn nhan ôn tào ưng vy
cầm điêu lù mông sùng thào vàng giàng lèo
""".split()

#: Kinship and civil-status titles written before a person's name (``ông Nguyễn Văn An``).
TITLES = ["ông", "bà", "anh", "chị", "em", "cháu", "cô", "chú", "bác", "cụ", "dì", "cậu", "mợ", "thím", "bố",
          "mẹ", "bạn", "thầy", "bác sĩ", "đồng chí", "ông/bà", "ông bà", "ông (bà)", "anh/chị", "anh (chị)", "mr",
          "mrs", "ms"]
#: Words before a name that are no title: the writer naming himself or the household.
NAME_KEYWORDS = ["tên", "tên là", "tên tôi là", "tôi là", "tôi tên", "họ tên", "họ và tên", "người làm đơn",
                 "người viết đơn", "người gửi", "người phản ánh", "người kiến nghị", "người khiếu nại", "chủ hộ",
                 "người đại diện", "người nhận"]

#: Words that end a name (an office, a unit, a function word written with a capital).
NOT_NAME = set("""
ubnd hđnd mttq ủy uỷ ban sở bộ phường quận huyện xã tỉnh phố tp trấn chủ tịch phó giám đốc trưởng bí
tổ thôn xóm ấp khu cán đã đang sẽ rất là có không được và với của cho ở tại thì mà nhưng cũng vẫn ấy này đó kia
ơi nhé ạ nha tôi mình họ chúng ta người nhà số ngõ ngách hẻm đường trong ngoài về đến khi lúc nên cần hay hoặc
vì do bị theo cùng cảm ơn xin gửi đề nghị mong
""".split())
#: Syllables of given and middle names: a word folded to ASCII that is one of these is no function word
#: (``Minh`` may be "mình", ``Thu`` "thư", ``Van`` "vẫn": in text without diacritics it is taken for a name).
GIVEN_NAMES = set("""
an anh ân bảo bích bình cường chi chí chính công cúc danh dân dũng duy dương đạt điệp định đình đức đông giang
gia hà hải hạnh hằng hân hậu hiền hiếu hiệp hoa hòa hoài hoàng hồng huệ hùng hưng hương hường huy huyền khải
khang khanh khánh khoa khôi kiên kiệt kim lan lâm linh loan long lộc lợi luân lực ly lý mai mạnh minh my mỹ
nam nga ngân nghĩa ngọc nguyên nhàn nhật nhi nhung như oanh phát phong phú phúc phương quang quân quốc quyên
quỳnh sang sơn tài tâm tân tấn thái thanh thành thảo thắng thịnh thị thoa thu thủy thùy thư thương tiến tiên
toàn trang trâm trí trinh trọng trung trường tú tuấn tùng tuyết tường uyên văn vân việt vinh vũ vy xuân yến
hữu đại đăng đắc bá khắc tất ích thế viết ngô thủy hạ tiểu hoan hoàn hào hiển học khiêm lâu lương mẫn ninh
phượng quý sỹ sĩ tín toản tú vĩnh vỹ xuyên yên
""".split())

#: Words before a title that make it part of a place's name (``phố Bà Triệu``, ``huyện Cô Tô``).
PLACE_BEFORE_TITLE = ["phố", "đường", "phường", "quận", "huyện", "xã", "thị trấn", "thị xã", "tỉnh", "thành phố",
                      "tp", "chợ", "cầu", "sông", "núi", "hồ", "đảo", "đền", "chùa", "miếu", "trường",
                      "bệnh viện", "ngõ", "hẻm", "kiệt", "hai", "tháp", "bến", "rạch", "kênh", "ấp", "thôn", "xóm"]

#: Words before ``số N`` that make N a document, a counter or a parcel, not a house.
NOT_HOUSE_BEFORE = ["quyết định", "qđ", "nghị định", "nđ", "thông tư", "công văn", "cv", "hồ sơ", "đơn",
                    "văn bản", "biên bản", "phiếu", "tờ trình", "thông báo", "kết luận", "giấy", "biên lai",
                    "hóa đơn", "thứ tự", "quầy", "phòng", "bàn", "cửa", "lần", "tổng đài", "mẫu", "điều",
                    "khoản", "mục", "chương", "trang", "tờ", "thửa", "thửa đất", "bản đồ", "tờ bản đồ", "xe",
                    "tuyến", "ghế", "vé", "lô", "tập", "kỳ", "đợt", "khóa", "tầng", "luật", "chỉ thị", "thư",
                    "mã", "mã số", "tài khoản", "điện thoại", "đt", "hạng", "top", "đứng", "hàng", "loại",
                    "size", "cỡ", "kiểu", "biên nhận", "phiếu hẹn", "giấy hẹn", "tờ khai", "vụ", "vụ việc",
                    "bản án", "hợp đồng", "giấy chứng nhận", "gcn", "sổ", "seri", "serial", "quyển", "tập",
                    # an organisation's premises named right before its number: no household's address
                    "cửa hàng", "siêu thị", "chi nhánh", "showroom", "đại lý", "công ty", "trụ sở", "văn phòng",
                    "tgdd", "tgdđ", "thế giới di động", "điện máy xanh", "ngân hàng", "bưu điện", "trung tâm",
                    "bệnh viện", "trường", "ubnd", "ủy ban"]
#: Words after a house number that say an address goes on (a street, a unit below the commune).
STREET_WORDS = ["phố", "đường", "đại lộ", "quốc lộ", "tỉnh lộ", "hương lộ", "ql", "khu phố", "kp", "khu dân cư",
                "khu tập thể", "tổ", "tổ dân phố", "thôn", "xóm", "ấp", "khóm", "tập thể", "chung cư", "tòa", "lô"]
#: Capitalised words after a number that are no street name (an office, a unit, a day, a function word).
NOT_STREET = NOT_NAME | set("phòng kính thứ chủ nhật cn tháng năm ngày giờ sáng chiều tối quý việt vn thế châu"
                            .split())
